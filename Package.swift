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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),

        // MARK: Foundation layer
        .target(name: "CPUHints"),
        .target(name: "CAllocator"),
        .target(name: "SeededRandom"),
        .target(name: "Tensors", dependencies: ["CBLAS", "CAllocator"]),
        .target(name: "Layers", dependencies: ["Tensors", "SeededRandom", "CPUHints"]),
        .target(name: "Optimizers", dependencies: ["Tensors", "CPUHints"]),
        .target(name: "Collectives", dependencies: ["CMPI"]),

        // MARK: Data
        .target(name: "Featurizer", dependencies: ["SeededRandom"]),
        .target(name: "SpectrumData", dependencies: ["Featurizer", "SeededRandom"]),

        // MARK: Models, training, evaluation
        .target(name: "RouterModel", dependencies: ["Layers", "Tensors", "Featurizer", "SeededRandom"]),
        .target(name: "Checkpointing", dependencies: ["RouterModel", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Training", dependencies: ["RouterModel", "Checkpointing", "Optimizers", "Collectives", "SpectrumData", "Layers", "CBLAS"]),
        .target(name: "Evaluation", dependencies: ["RouterModel"]),

        .target(name: "ClusterJobs"),

        // MARK: Inference side (no MPI)
        .target(name: "RouterRuntime", dependencies: ["RouterModel", "Featurizer", "Checkpointing", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Export", dependencies: ["RouterModel", "Checkpointing", "RouterRuntime", .product(name: "Crypto", package: "swift-crypto")]),

        .target(name: "RouteServer", dependencies: [
            "RouterModel",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),

        // MARK: Executables
        .executableTarget(name: "swift-train", dependencies: [
            "Training", "Tensors", "SpectrumData", "Featurizer", "Evaluation", "Export", "Checkpointing", "Collectives", "ClusterJobs",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "swift-route", dependencies: [
            "RouterRuntime", "RouteServer", "Tensors",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: Benchmarks (run with bench/run.sh; release builds)
        .executableTarget(name: "bench-layers", dependencies: ["Layers", "Tensors", "CBLAS", "SeededRandom"], path: "bench/layers"),
        .executableTarget(name: "bench-data", dependencies: ["SpectrumData", "Featurizer"], path: "bench/data"),
        .executableTarget(name: "bench-train", dependencies: ["Training", "Collectives", "CMPI", "Layers"], path: "bench/train", exclude: ["run.sh", "fasttext_bench.py"]),
        .executableTarget(name: "bench-route", dependencies: ["RouterRuntime", "Export", "RouterModel", "Featurizer", "SeededRandom"], path: "bench/route", exclude: ["http.sh"]),

        // MARK: Tests
        .testTarget(name: "SeededRandomTests", dependencies: ["SeededRandom"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "SeededRandom"]),
        .testTarget(name: "LayersTests", dependencies: ["Layers", "Tensors", "SeededRandom"]),
        .testTarget(name: "OptimizersTests", dependencies: ["Optimizers", "Tensors"]),
        .testTarget(name: "CollectivesTests", dependencies: ["Collectives"]),
        .executableTarget(name: "collectives-check", dependencies: ["Collectives", "CMPI"], path: "Tests/CollectivesCheck"),
        .testTarget(name: "FeaturizerTests", dependencies: ["Featurizer", "SeededRandom"]),
        .testTarget(name: "CheckpointingTests", dependencies: ["Checkpointing", "RouterModel", "Featurizer", "SeededRandom"]),
        .testTarget(name: "RouteServerTests", dependencies: [
            "RouteServer", "RouterModel",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "ClusterJobsTests", dependencies: ["ClusterJobs"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Checkpointing", "RouterRuntime", "RouterModel", "Featurizer", "SeededRandom", "Tensors"]),
        .testTarget(name: "RouterRuntimeTests", dependencies: ["RouterRuntime", "Export", "Checkpointing", "RouterModel", "Featurizer", "SeededRandom", "Evaluation"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "RouterModel", "Featurizer", "SeededRandom"]),
        .testTarget(name: "RouterModelTests", dependencies: ["RouterModel", "SeededRandom", "Layers", "Tensors"]),
        .testTarget(name: "SpectrumDataTests", dependencies: ["SpectrumData", "Featurizer", "SeededRandom"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Checkpointing", "RouterModel", "RouterRuntime", "SpectrumData", "swift-train", "swift-route"]),
    ]
)
