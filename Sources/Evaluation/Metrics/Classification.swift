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

/// Spearman rank correlation (average ranks for ties); nil when fewer than 3 pairs or a constant side.
public func spearman(_ x: [Double], _ y: [Double]) -> Double? {
    precondition(x.count == y.count, "spearman needs paired values")
    guard x.count >= 3 else { return nil }
    func ranks(_ v: [Double]) -> [Double] {
        let idx = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < idx.count {
            var j = i
            while j + 1 < idx.count && v[idx[j + 1]] == v[idx[i]] { j += 1 }
            let avg = Double(i + j) / 2 + 1
            for k in i...j { r[idx[k]] = avg }
            i = j + 1
        }
        return r
    }
    let rx = ranks(x), ry = ranks(y)
    let mx = rx.reduce(0, +) / Double(rx.count), my = ry.reduce(0, +) / Double(ry.count)
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in rx.indices { sxy += (rx[i] - mx) * (ry[i] - my); sxx += (rx[i] - mx) * (rx[i] - mx); syy += (ry[i] - my) * (ry[i] - my) }
    guard sxx > 0, syy > 0 else { return nil }
    return sxy / (sxx * syy).squareRoot()
}
