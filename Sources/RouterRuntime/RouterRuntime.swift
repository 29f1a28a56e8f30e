// The RouterRuntime module: the inference library (no MPI). See docs/architecture.md and docs/deployment.md.
//
//   BundleManifest.swift   manifest.json of a deployment bundle (format, model facts, file checksums)
//   ModelLocation.swift    resolves a path to a bundle, a checkpoint folder or a run's best/last checkpoint
//   QueryRouter.swift      the loaded router: route(text) -> Decision, batch routing, thread-safe
//   JSONLRouting.swift     the JSONL mode of swift-route (per-line errors, order kept)
