import Foundation

/// Temperature scaling (Guo et al., 2017): one scalar T per classification head, fitted on validation
/// logits by minimizing the negative log-likelihood of `softmax(logits / T)`.
public enum TemperatureScaling {
    /// Fits T for a multi-class head. `logits` is [N][C]; labels in 0..<C (nil = unknown, skipped).
    public static func fit(logits: [[Double]], labels: [Int?]) -> Double {
        let pairs = zip(logits, labels).compactMap { l, y in y.map { (l, $0) } }
        guard !pairs.isEmpty else { return 1 }
        return minimizeLogT { t in pairs.reduce(0) { $0 + nll(logits: $1.0, label: $1.1, temperature: t) } }
    }

    /// Fits T for a binary head from single logits (P = sigmoid(z / T)); labels true/false/nil.
    public static func fitBinary(logits: [Double], labels: [Bool?]) -> Double {
        let pairs = zip(logits, labels).compactMap { z, y in y.map { (z, $0) } }
        guard !pairs.isEmpty else { return 1 }
        return minimizeLogT { t in
            pairs.reduce(0) { acc, p in
                let z = p.0 / t
                // -log sigmoid(z) = softplus(-z); -log(1 - sigmoid(z)) = softplus(z)
                return acc + softplus(p.1 ? -z : z)
            }
        }
    }

    /// Softmax of `logits / temperature`, computed stably.
    public static func softmax(_ logits: [Double], temperature: Double = 1) -> [Double] {
        let m = logits.max() ?? 0
        let e = logits.map { exp(($0 - m) / temperature) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    /// The logistic sigmoid of `z / temperature`.
    public static func sigmoid(_ z: Double, temperature: Double = 1) -> Double {
        1 / (1 + exp(-z / temperature))
    }

    static func nll(logits: [Double], label: Int, temperature t: Double) -> Double {
        let m = logits.max() ?? 0
        let lse = log(logits.reduce(0) { $0 + exp(($1 - m) / t) }) + m / t
        return lse - logits[label] / t
    }

    static func softplus(_ x: Double) -> Double { x > 30 ? x : log1p(exp(x)) }

    /// The range T is searched in: [e^-3, e^3] (about 0.05 to 20).
    public static let range: ClosedRange<Double> = exp(-3.0)...exp(3.0)

    /// True when a fitted T is at (within 1% of) an end of `range`: the validation labels did not pin T down. At
    /// the lower end the head separates its validation examples perfectly, so the likelihood keeps rising as the
    /// outputs are sharpened and the calibrated probabilities come out near 0 and 1.
    public static func isAtBound(_ t: Double) -> Bool {
        abs(log(t) - log(range.lowerBound)) < 0.01 || abs(log(t) - log(range.upperBound)) < 0.01
    }

    /// Golden-section search for the T in `range` minimizing f (NLL is unimodal in log T in practice).
    static func minimizeLogT(_ f: (Double) -> Double) -> Double {
        var a = log(range.lowerBound), b = log(range.upperBound)
        let g = (sqrt(5.0) - 1) / 2
        var c = b - g * (b - a), d = a + g * (b - a)
        var fc = f(exp(c)), fd = f(exp(d))
        for _ in 0..<80 {
            if fc < fd { b = d; d = c; fd = fc; c = b - g * (b - a); fc = f(exp(c)) }
            else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = f(exp(d)) }
        }
        return exp((a + b) / 2)
    }
}

/// Expected calibration error and reliability-diagram bins.
public enum CalibrationError {
    /// One reliability bin: mean confidence, accuracy and count of the predictions whose confidence fell in it.
    public struct Bin: Codable, Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var meanConfidence: Double
        public var accuracy: Double
        public var count: Int
    }

    /// Reliability bins (equal width on [0, 1]) of (confidence, correct) pairs.
    public static func bins(confidences: [Double], correct: [Bool], count nBins: Int = 15) -> [Bin] {
        precondition(confidences.count == correct.count, "confidences and correct must align")
        var sumC = [Double](repeating: 0, count: nBins), hits = [Int](repeating: 0, count: nBins), n = [Int](repeating: 0, count: nBins)
        for (c, ok) in zip(confidences, correct) {
            let b = min(nBins - 1, max(0, Int(c * Double(nBins))))
            sumC[b] += c; n[b] += 1; if ok { hits[b] += 1 }
        }
        return (0..<nBins).map { b in
            Bin(lower: Double(b) / Double(nBins), upper: Double(b + 1) / Double(nBins),
                meanConfidence: n[b] == 0 ? 0 : sumC[b] / Double(n[b]),
                accuracy: n[b] == 0 ? 0 : Double(hits[b]) / Double(n[b]), count: n[b])
        }
    }

    /// ECE: the count-weighted mean |accuracy - confidence| over bins.
    public static func expected(confidences: [Double], correct: [Bool], bins nBins: Int = 15) -> Double {
        let bs = bins(confidences: confidences, correct: correct, count: nBins)
        let total = bs.reduce(0) { $0 + $1.count }
        guard total > 0 else { return 0 }
        return bs.reduce(0) { $0 + Double($1.count) * abs($1.accuracy - $1.meanConfidence) } / Double(total)
    }

    /// ECE of a multi-class head: confidence = max probability, correct = argmax equals the label.
    public static func multiclass(probabilities: [[Double]], labels: [Int?], bins nBins: Int = 15) -> Double {
        var conf: [Double] = [], ok: [Bool] = []
        for (p, y) in zip(probabilities, labels) {
            guard let y else { continue }
            let arg = p.indices.max { p[$0] < p[$1] } ?? 0
            conf.append(p[arg]); ok.append(arg == y)
        }
        return expected(confidences: conf, correct: ok, bins: nBins)
    }

    /// ECE of a binary head, treated as two-class (confidence = max(p, 1-p)).
    public static func binary(probabilities: [Double], labels: [Bool?], bins nBins: Int = 15) -> Double {
        multiclass(probabilities: probabilities.map { [1 - $0, $0] }, labels: labels.map { $0.map { $0 ? 1 : 0 } }, bins: nBins)
    }
}
