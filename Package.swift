// swift-tools-version:6.0
// ReasoningRouter: a small trained router that decides, per query, whether (and how much) an LLM should think.
// One module per concern; see docs/architecture.md for the map.
import PackageDescription

let package = Package(
    name: "ReasoningRouter",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "swift-train", targets: ["swift-train"]),
        .executable(name: "swift-route", targets: ["swift-route"]),
        .library(name: "RouterRuntime", targets: ["RouterRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),

        // MARK: Foundation layer
        .target(name: "SeededRandom"),
        .target(name: "Numerics", dependencies: ["CBLAS"]),
        .target(name: "Layers", dependencies: ["Numerics", "SeededRandom"]),
        .target(name: "Optimizers", dependencies: ["Numerics"]),
        .target(name: "Collectives", dependencies: ["CMPI"]),

        // MARK: Data
        .target(name: "Featurizer", dependencies: ["SeededRandom"]),
        .target(name: "SpectrumData", dependencies: ["Featurizer", "SeededRandom"]),

        // MARK: Models, training, evaluation
        .target(name: "RouterModel", dependencies: ["Layers", "Numerics", "Featurizer", "SeededRandom"]),
        .target(name: "Checkpointing", dependencies: ["RouterModel", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Training", dependencies: ["RouterModel", "Checkpointing", "Optimizers", "Collectives", "SpectrumData", "Layers", "CBLAS"]),
        .target(name: "Evaluation", dependencies: ["RouterModel", "SpectrumData", "Featurizer"]),

        // MARK: Inference side (no MPI)
        .target(name: "RouterRuntime", dependencies: ["RouterModel", "Featurizer", "Checkpointing", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Export", dependencies: ["RouterModel", "Checkpointing", "RouterRuntime", .product(name: "Crypto", package: "swift-crypto")]),

        // MARK: Executables
        .executableTarget(name: "swift-train", dependencies: [
            "Training", "SpectrumData", "Featurizer", "Evaluation", "Export", "Checkpointing", "Collectives",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "swift-route", dependencies: [
            "RouterRuntime",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: Benchmarks (run with bench/run.sh; release builds)
        .executableTarget(name: "bench-layers", dependencies: ["Layers", "Numerics", "CBLAS", "SeededRandom"], path: "bench/layers"),
        .executableTarget(name: "bench-data", dependencies: ["SpectrumData", "Featurizer"], path: "bench/data"),

        // MARK: Tests
        .testTarget(name: "SeededRandomTests", dependencies: ["SeededRandom"]),
        .testTarget(name: "NumericsTests", dependencies: ["Numerics", "SeededRandom"]),
        .testTarget(name: "LayersTests", dependencies: ["Layers", "Numerics", "SeededRandom"]),
        .testTarget(name: "OptimizersTests", dependencies: ["Optimizers", "Numerics"]),
        .testTarget(name: "CollectivesTests", dependencies: ["Collectives"]),
        .executableTarget(name: "collectives-check", dependencies: ["Collectives", "CMPI"], path: "Tests/CollectivesCheck"),
        .testTarget(name: "FeaturizerTests", dependencies: ["Featurizer", "SeededRandom"]),
        .testTarget(name: "SpectrumDataTests", dependencies: ["SpectrumData", "Featurizer", "SeededRandom"]),
    ]
)
