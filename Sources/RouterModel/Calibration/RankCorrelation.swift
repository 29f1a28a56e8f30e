// Rank correlation, shared by the budget length calibration and the evaluation report.

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
