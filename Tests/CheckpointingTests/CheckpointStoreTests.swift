import Foundation
import XCTest
@testable import Checkpointing

final class CheckpointStoreTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func files(_ seed: UInt8) -> [String: Data] {
        ["model.bin": Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed)) }), "state.json": Data("{\"step\":\(seed)}".utf8)]
    }

    func testSaveLoadRoundTrip() throws {
        let store = CheckpointStore(root: dir)
        let url = try store.save(step: 12, epoch: 1, files: files(3))
        let (m, loaded) = try CheckpointStore.load(url)
        XCTAssertEqual(m.step, 12)
        XCTAssertEqual(loaded, files(3))
        XCTAssertEqual(store.latest(), url)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "no temporary files are left behind")
    }

    func testTruncatedFileIsRefusedNamingTheFile() throws {
        let url = try CheckpointStore(root: dir).save(step: 1, epoch: 0, files: files(1))
        let f = url.appendingPathComponent("model.bin")
        try Data(FileManager.default.contents(atPath: f.path)!.prefix(500)).write(to: f)
        XCTAssertThrowsError(try CheckpointStore.load(url)) { e in
            XCTAssertEqual(e as? CheckpointError, .sizeMismatch(path: f.path, expected: 1000, actual: 500))
            XCTAssertTrue("\(e)".contains("model.bin"))
        }
    }

    func testCorruptedByteIsRefused() throws {
        let url = try CheckpointStore(root: dir).save(step: 1, epoch: 0, files: files(1))
        let f = url.appendingPathComponent("model.bin")
        var d = FileManager.default.contents(atPath: f.path)!
        d[100] ^= 0x40
        try d.write(to: f)
        XCTAssertThrowsError(try CheckpointStore.load(url)) { e in
            guard case .checksumMismatch(let p, _, _) = e as? CheckpointError else { return XCTFail("\(e)") }
            XCTAssertEqual(p, f.path)
        }
    }

    func testMissingManifestOrFileOrWrongVersionIsRefused() throws {
        let store = CheckpointStore(root: dir)
        let url = try store.save(step: 1, epoch: 0, files: files(1))
        try FileManager.default.removeItem(at: url.appendingPathComponent("state.json"))
        XCTAssertThrowsError(try CheckpointStore.load(url)) { XCTAssertTrue("\($0)".contains("state.json")) }
        let url2 = try store.save(step: 2, epoch: 0, files: files(2))
        let m = url2.appendingPathComponent("manifest.json")
        let text = String(decoding: FileManager.default.contents(atPath: m.path)!, as: UTF8.self)
        try Data(text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 99").utf8).write(to: m)
        XCTAssertThrowsError(try CheckpointStore.load(url2)) { XCTAssertTrue("\($0)".contains("version 99")) }
        try FileManager.default.removeItem(at: m)
        XCTAssertThrowsError(try CheckpointStore.load(url2)) { XCTAssertTrue("\($0)".contains("manifest.json")) }
        XCTAssertFalse(store.list().contains(url2), "a folder without a manifest is not listed")
    }

    func testRetentionKeepsLastNAndBest() throws {
        let store = CheckpointStore(root: dir)
        var urls: [URL] = []
        for s in 1...5 { urls.append(try store.save(step: s, epoch: 0, files: files(UInt8(s)))) }
        try store.markBest(urls[1], metric: "val_loss", value: 0.3)
        store.prune(keepLast: 2)
        XCTAssertEqual(store.list().map(\.lastPathComponent), ["step-00000002", "step-00000004", "step-00000005"])
        XCTAssertEqual(store.best(), urls[1])
    }

    func testSafeTensorsRoundTripAndSpecLayout() throws {
        let a = SafeTensors.Tensor(float32: [1, 2, 3, 4, 5, 6], shape: [2, 3])
        let b = SafeTensors.Tensor(float32: [-1.5], shape: [1])
        let bytes = SafeTensors.serialize(["w": a, "b": b], metadata: ["format": "pt"])
        let n = bytes.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        XCTAssertEqual((8 + Int(n)) % 8, 0, "header padded to 8 bytes")
        let header = try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + Int(n)))) as! [String: Any]
        XCTAssertEqual((header["w"] as! [String: Any])["data_offsets"] as! [Int], [4, 28])
        XCTAssertEqual((header["b"] as! [String: Any])["data_offsets"] as! [Int], [0, 4])
        XCTAssertEqual(header["__metadata__"] as! [String: String], ["format": "pt"])
        let (t, meta) = try SafeTensors.parse(bytes, path: "x.safetensors")
        XCTAssertEqual(t["w"]?.floats(), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(t["w"]?.shape, [2, 3])
        XCTAssertEqual(meta["format"], "pt")
        XCTAssertThrowsError(try SafeTensors.parse(bytes.prefix(bytes.count - 2), path: "x.safetensors")) {
            XCTAssertTrue("\($0)".contains("x.safetensors"))
        }
        XCTAssertThrowsError(try SafeTensors.parse(Data([1, 2, 3]), path: "y"))
    }
}

final class CheckpointLocatorTests: XCTestCase {
    func testResolvesCheckpointStoreAndRunFolders() throws {
        let run = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: run) }
        let store = CheckpointStore(root: run.appendingPathComponent("checkpoints"))
        let a = try store.save(step: 1, epoch: 0, files: ["x": Data([1])])
        let b = try store.save(step: 2, epoch: 0, files: ["x": Data([2])])
        XCTAssertEqual(try CheckpointLocator.resolve(run.path).lastPathComponent, b.lastPathComponent, "no best recorded: newest")
        try store.markBest(a, metric: "val_loss", value: 0.1)
        XCTAssertEqual(try CheckpointLocator.resolve(run.path).lastPathComponent, a.lastPathComponent)
        XCTAssertEqual(try CheckpointLocator.resolve(run.path, which: .last).lastPathComponent, b.lastPathComponent)
        XCTAssertEqual(try CheckpointLocator.resolve(store.root.path, which: .last).lastPathComponent, b.lastPathComponent)
        XCTAssertEqual(try CheckpointLocator.resolve(a.path).lastPathComponent, a.lastPathComponent)
        XCTAssertThrowsError(try CheckpointLocator.resolve(run.path + "/nope"))
        let empty = run.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        XCTAssertThrowsError(try CheckpointLocator.resolve(empty.path)) { XCTAssertTrue("\($0)".contains("no complete checkpoint")) }
    }
}
