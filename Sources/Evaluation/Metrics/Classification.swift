/// Classification metrics: confusion matrix, per-class and macro F1, accuracy.
public struct ClassificationMetrics: Codable, Sendable, Equatable {
    /// confusion[label][predicted].
    public var confusion: [[Int]]
    public var f1: [Double]
    public var macroF1: Double
    public var accuracy: Double
    public var count: Int

    /// Metrics of `predicted` against `labels` (nil labels are skipped) over `classes` classes.
    public init(labels: [Int?], predicted: [Int], classes: Int) {
        var c = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (y, p) in zip(labels, predicted) { if let y { c[y][p] += 1 } }
        confusion = c
        let f1 = (0..<classes).map { k -> Double in
            let tp = Double(c[k][k])
            let fp = Double((0..<classes).reduce(0) { $0 + ($1 == k ? 0 : c[$1][k]) })
            let fn = Double((0..<classes).reduce(0) { $0 + ($1 == k ? 0 : c[k][$1]) })
            return tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn)
        }
        // Macro-F1 over the classes present in the labels (a class absent from a source cannot be scored).
        let present = (0..<classes).filter { k in c[k].reduce(0, +) > 0 }
        self.f1 = f1
        macroF1 = present.isEmpty ? 0 : present.reduce(0) { $0 + f1[$1] } / Double(present.count)
        count = c.joined().reduce(0, +)
        accuracy = count == 0 ? 0 : Double((0..<classes).reduce(0) { $0 + c[$1][$1] }) / Double(count)
    }
}
