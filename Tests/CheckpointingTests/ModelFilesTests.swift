import Featurizer
import Foundation
import RouterModel
import SeededRandom
import XCTest
@testable import Checkpointing

final class ModelFilesTests: XCTestCase {
    func smallModel() throws -> TrainedModel {
        var m = ModelConfig()
        m.embeddingDim = 8
        m.hidden = [.init(size: 16)]
        let f = FeaturizerConfig(buckets: 1024)
        return try TrainedModel(description: ModelDescription(model: m, featurizer: f), seed: SeededGenerator(seed: 3))
    }

    func testRoundTripGivesIdenticalDecisions() throws {
        var model = try smallModel()
        model.description.calibration.complexityTemperature = 1.7
        model.description.policy.instantThreshold = 0.4
        let files = try ModelFiles.files(model)
        let back = try ModelFiles.load(files, folder: "/x")
        let texts = ["What is 1 + 1?", "Plan a week in Paris on $3,000 with museums and vegetarian food", "how do I kill a python process"]
        XCTAssertEqual(back.route(texts), model.route(texts))
        XCTAssertEqual(back.description, model.description)
    }

    func testArchitectureAndFingerprintMismatchesAreRefused() throws {
        let model = try smallModel()
        var files = try ModelFiles.files(model)
        var desc = try JSONDecoder().decode(ModelDescription.self, from: files["model.json"]!)
        desc.featurizerFingerprint = "0000"
        files["model.json"] = try JSONEncoder().encode(desc)
        XCTAssertThrowsError(try ModelFiles.load(files, folder: "/b")) { XCTAssertTrue("\($0)".contains("featurizer fingerprint differs"), "\($0)") }

        files = try ModelFiles.files(model)
        desc = model.description
        desc.model.hidden = [.init(size: 32)]
        files["model.json"] = try JSONEncoder().encode(desc)
        XCTAssertThrowsError(try ModelFiles.load(files, folder: "/b")) { XCTAssertTrue("\($0)".contains("trunk.hidden.0.weight"), "\($0)") }

        files = try ModelFiles.files(model)
        desc = model.description
        desc.version = 7
        files["model.json"] = try JSONEncoder().encode(desc)
        XCTAssertThrowsError(try ModelFiles.load(files, folder: "/b")) { XCTAssertTrue("\($0)".contains("version 7"), "\($0)") }
    }
}
