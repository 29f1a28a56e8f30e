#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensors

/// Softmax cross-entropy over `logits [B, C]` with integer labels, a label-known mask and weights.
///
/// Item weight w_b = mask_b * exampleWeights_b * classWeights[label_b] (each factor 1 when nil);
/// loss = sum_b w_b * (-log softmax(logits_b)[label_b]) / normalizer, normalizer = sum_b w_b by default
/// (PyTorch's weighted-mean convention). Labels of masked examples are ignored (use e.g. -1).
/// Gradient: d loss / d logits_b = w_b / normalizer * (softmax(logits_b) - onehot(label_b)).
public func softmaxCrossEntropy(logits: Tensor, labels: [Int], mask: [Bool]? = nil,
                                classWeights: [Float]? = nil, exampleWeights: [Float]? = nil,
                                normalizer: Float? = nil) -> LossOutput {
    precondition(logits.rank == 2, "softmaxCrossEntropy: logits must be [B, C], got shape \(logits.shape)")
    let b = logits.shape[0], c = logits.shape[1]
    precondition(labels.count == b, "softmaxCrossEntropy: \(labels.count) labels for \(b) rows")
    if let mask { precondition(mask.count == b, "softmaxCrossEntropy: mask has \(mask.count) entries for \(b) rows") }
    if let classWeights { precondition(classWeights.count == c, "softmaxCrossEntropy: \(classWeights.count) class weights for \(c) classes") }
    if let exampleWeights { precondition(exampleWeights.count == b, "softmaxCrossEntropy: \(exampleWeights.count) example weights for \(b) rows") }

    var w = [Float](repeating: 0, count: b)
    var weightSum: Float = 0
    for i in 0..<b where mask?[i] ?? true {
        let y = labels[i]
        precondition(y >= 0 && y < c, "softmaxCrossEntropy: label \(y) of row \(i) outside 0..<\(c)")
        w[i] = (exampleWeights?[i] ?? 1) * (classWeights?[y] ?? 1)
        weightSum += w[i]
    }
    let n = resolveNormalizer(normalizer, weightSum: weightSum, "softmaxCrossEntropy")
    let logp = logSoftmaxRows(logits)
    var total = 0.0
    let grad = Tensor(shape: [b, c]) { g in
        logp.withUnsafeBufferPointer { lp in
            for i in 0..<b {
                let row = g.baseAddress! + i * c
                if w[i] == 0 || n == 0 { row.update(repeating: 0, count: c); continue }
                let s = w[i] / n
                for j in 0..<c { row[j] = s * expf(lp[i * c + j]) }
                row[labels[i]] -= s
                total += Double(w[i]) * Double(-lp[i * c + labels[i]])
            }
        }
    }
    return LossOutput(loss: n > 0 ? Float(total / Double(n)) : 0, gradient: grad, weightSum: weightSum, lossSum: total)
}
