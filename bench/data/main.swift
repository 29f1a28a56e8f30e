// bench-data: data-pipeline benchmarks. Usage: bench-data <mode> [args]; modes: featurize.
let benchArgs = Array(CommandLine.arguments.dropFirst())
switch benchArgs.first ?? "featurize" {
case "featurize": runFeaturizeBenchmark(args: Array(benchArgs.dropFirst()))
default: print("bench-data: unknown mode '\(benchArgs[0])' (modes: featurize)")
}
