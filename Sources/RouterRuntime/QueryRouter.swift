import Checkpointing
import Foundation
import RouterModel

/// A loaded router: turns query texts into routing decisions. A value type; safe to call from many threads.
///
/// `route` only reads the model (the network's `apply` does not mutate), so one `QueryRouter` can be
/// shared by any number of threads or tasks without locks.
public struct QueryRouter: Sendable {
    /// The model (an ensemble's first member): description, featurizer, network and weights.
    public let model: TrainedModel
    /// The models whose outputs are combined head by head: `model` alone, or every member of an ensemble bundle.
    public let ensemble: RouterEnsemble
    /// The bundle manifest, when loaded from a bundle.
    public let manifest: BundleManifest?
    /// Where the model was loaded from.
    public let location: ModelLocation?
    /// The policy that turns outputs into decisions (the model's own unless overridden).
    public var policy: RoutingPolicy

    /// A router over an in-memory model (tests, benchmarks, embedding after training).
    public init(model: TrainedModel, policy: RoutingPolicy? = nil) {
        self.model = model
        self.ensemble = RouterEnsemble(single: model)
        self.manifest = nil
        self.location = nil
        self.policy = policy ?? model.description.policy
    }

    /// A router over an in-memory ensemble under `policy` (fitted on the ensemble's combined outputs).
    public init(ensemble: RouterEnsemble, policy: RoutingPolicy) {
        self.model = ensemble.primary
        self.ensemble = ensemble
        self.manifest = nil
        self.location = nil
        self.policy = policy
    }

    /// Loads a bundle, a checkpoint folder or a run's best (or last) checkpoint, verifying format versions,
    /// every checksum and the featurizer fingerprint. Throws `CheckpointError` / `ModelLoadError` saying what differs.
    public init(contentsOf path: URL, which: CheckpointSelection = .best) throws {
        let loc = try ModelLocation.resolve(path, which: which)
        switch loc {
        case .bundle(let url):
            let (m, files) = try BundleManifest.load(url)
            let mPath = url.appendingPathComponent(BundleManifest.fileName).path
            let model = try ModelFiles.load(files, folder: url.path)
            try m.verify(against: model.description, path: mPath)
            var members = [model]
            for (i, member) in (m.members ?? []).enumerated() {
                // A further member's two files, loaded under the names ModelFiles reads (errors name the real files).
                guard let d = files[member.description], let w = files[member.weights] else {
                    throw CheckpointError.missingFile(path: url.path + "/" + (files[member.description] == nil ? member.description : member.weights))
                }
                // (its featurizer fingerprint is checked against this build's computation by TrainedModel)
                members.append(try ModelFiles.load([ModelFiles.descriptionFile: d, ModelFiles.weightsFile: w], folder: url.path + " (member \(i + 2))"))
            }
            self.model = model
            self.manifest = m
            do { self.ensemble = try RouterEnsemble(members) } catch { throw CheckpointError.incompatible(path: mPath, what: "\(error)") }
            self.location = loc
            self.policy = m.members == nil ? model.description.policy : m.policy
            return
        case .checkpoint(let url, _):
            let (_, files) = try CheckpointStore.load(url)
            self.model = try ModelFiles.load(files, folder: url.path)
            self.manifest = nil
        }
        self.ensemble = RouterEnsemble(single: model)
        self.location = loc
        self.policy = model.description.policy
    }

    /// The decision for one query.
    public func route(_ text: String) -> Decision { route([text])[0] }

    /// Decisions for a batch, in order (one forward pass for the whole batch).
    public func route(_ texts: [String]) -> [Decision] {
        ensemble.outputs(texts).map { policy.decide($0) }
    }

    /// Calibrated outputs (probabilities, budget quantiles) for a batch, before the policy.
    public func outputs(_ texts: [String]) -> [RouterOutput] { ensemble.outputs(texts) }

    /// One line naming what is loaded: location, kind and a weights hash prefix when known.
    public var summary: String {
        let path = location?.url.path ?? "in-memory"
        let kind: String
        switch location {
        case .bundle?: kind = ensemble.members.count > 1 ? "ensemble bundle (\(ensemble.members.count) models)" : "bundle"
        case .checkpoint(_, let s)?: kind = "checkpoint (\(s))"
        case nil: kind = "model"
        }
        let hash = manifest?.files[ModelFiles.weightsFile].map { " weights sha256 \($0.sha256.prefix(12))" } ?? ""
        return "\(kind) \(path)\(hash)"
    }
}
