import Foundation
import RouterModel

/// The report's plots as SVG documents.
enum ReportPlots {
    static let tiers = ["simple", "moderate", "high"]

    /// Confusion matrix heat map (rows: label, columns: prediction).
    static func confusion(_ m: ClassificationMetrics, title: String) -> String {
        let cell = 90.0, left = 110.0, top = 60.0
        var s = SVG(width: left + cell * 3 + 30, height: top + cell * 3 + 60)
        s.text(s.width / 2, 24, title, size: 15)
        for r in 0..<3 {
            let rowTotal = max(1, m.confusion[r].reduce(0, +))
            for c in 0..<3 {
                let v = m.confusion[r][c], frac = Double(v) / Double(rowTotal)
                let shade = Int(255 - 200 * frac)
                s.rect(left + Double(c) * cell, top + Double(r) * cell, cell, cell, fill: "rgb(\(shade),\(shade),255)", stroke: "#888")
                s.text(left + (Double(c) + 0.5) * cell, top + (Double(r) + 0.5) * cell + 5, "\(v)", size: 14, fill: frac > 0.6 ? "#fff" : "#000")
            }
            s.text(left - 8, top + (Double(r) + 0.5) * cell + 5, tiers[r], anchor: "end")
            s.text(left + (Double(r) + 0.5) * cell, top - 8, tiers[r])
        }
        s.text(left + cell * 1.5, top + cell * 3 + 30, "predicted", size: 13)
        s.text(20, top + cell * 1.5, "label", size: 13, anchor: "start")
        return s.render()
    }

    /// Reliability diagram: accuracy per confidence bin against the diagonal, with bin counts.
    static func reliability(_ bins: [CalibrationError.Bin], title: String, ece: Double) -> String {
        let w = 360.0, h = 360.0, left = 60.0, top = 50.0
        var s = SVG(width: left + w + 30, height: top + h + 60)
        s.text(s.width / 2, 24, "\(title) (ECE \(String(format: "%.3f", ece)))", size: 15)
        s.rect(left, top, w, h, fill: "none", stroke: "#444")
        s.line(left, top + h, left + w, top, stroke: "#999", dash: true)
        let total = max(1, bins.reduce(0) { $0 + $1.count })
        for b in bins where b.count > 0 {
            let x = left + b.lower * w, bw = (b.upper - b.lower) * w
            s.rect(x + 1, top + h - b.accuracy * h, bw - 2, b.accuracy * h, fill: "#4a7ebb")
            s.circle(x + bw / 2, top + h - b.meanConfidence * h, r: 3, fill: "#d9534f")
            s.text(x + bw / 2, top + h + 14, "\(b.count)", size: 8)
            _ = total
        }
        for t in stride(from: 0.0, through: 1.0, by: 0.25) {
            s.text(left - 6, top + h - t * h + 4, String(format: "%.2f", t), size: 10, anchor: "end")
            s.text(left + t * w, top + h + 30, String(format: "%.2f", t), size: 10)
        }
        s.text(left + w / 2, top + h + 50, "confidence (bars: accuracy; dots: mean confidence; numbers: count)", size: 11)
        return s.render()
    }

    /// Predicted (median) against labeled budget, log-log, with the diagonal.
    static func budgetScatter(_ pairs: [(predicted: Double, labeled: Double)]) -> String {
        let w = 380.0, h = 380.0, left = 70.0, top = 50.0
        var s = SVG(width: left + w + 30, height: top + h + 60)
        s.text(s.width / 2, 24, "Budget: predicted p50 vs labeled (log10(1 + tokens))", size: 15)
        s.rect(left, top, w, h, fill: "none", stroke: "#444")
        let lx = pairs.map { log10(1 + max(0, $0.labeled)) }, py = pairs.map { log10(1 + max(0, $0.predicted)) }
        let hi = max(1, (lx + py).max() ?? 1)
        s.line(left, top + h, left + w, top, stroke: "#999", dash: true)
        for (x, y) in zip(lx, py) {
            s.circle(left + x / hi * w, top + h - y / hi * h, r: 2, fill: "rgba(74,126,187,0.5)")
        }
        for t in stride(from: 0.0, through: hi, by: max(0.5, (hi / 4).rounded())) {
            s.text(left - 6, top + h - t / hi * h + 4, "\(Int(pow(10, t) - 1))", size: 10, anchor: "end")
            s.text(left + t / hi * w, top + h + 16, "\(Int(pow(10, t) - 1))", size: 10)
        }
        s.text(left + w / 2, top + h + 40, "labeled budget (tokens)", size: 12)
        s.text(14, top + h / 2, "predicted", size: 12, anchor: "start")
        return s.render()
    }
}
