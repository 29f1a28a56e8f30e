#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tensors

/// Rectified linear unit: `y = max(x, 0)`, elementwise on any shape. The gradient at exactly 0 is 0.
public struct ReLU: Sendable {
    private var cachedInput: Tensor?

    /// Creates the (parameter-free) layer.
    public init() {}

    /// Computes `y` without caching (inference).
    public func apply(_ x: Tensor) -> Tensor { map(x) { max($0, 0) } }

    /// Computes `y` and caches `x`.
    public mutating func forward(_ x: Tensor) -> Tensor {
        cachedInput = x
        return apply(x)
    }

    /// Returns `dx = dy * (x > 0)`.
    public mutating func backward(_ dy: Tensor) -> Tensor {
        guard let x = cachedInput else { preconditionFailure("ReLU.backward called before forward") }
        cachedInput = nil
        return zipMap(x, dy, "ReLU.backward") { $0 > 0 ? $1 : 0 }
    }
}

/// Gaussian error linear unit, elementwise on any shape.
///
/// `.exact` (the default, PyTorch's `gelu`, ONNX via Erf): `y = 0.5 x (1 + erf(x / sqrt 2))`.
/// `.tanh` (PyTorch's `approximate="tanh"`): `y = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`.
public struct GELU: Sendable {
    /// Which formula.
    public enum Approximation: String, Sendable, Codable {
        /// The exact erf form.
        case exact
        /// The tanh approximation.
        case tanh
    }

    /// The formula in use.
    public let approximation: Approximation
    private var cachedInput: Tensor?

    /// Creates the (parameter-free) layer.
    public init(approximation: Approximation = .exact) { self.approximation = approximation }

    static let k: Float = 0.797_884_56  // sqrt(2 / pi)
    static let c: Float = 0.044715
    static let invSqrt2: Float = 0.707_106_78
    static let invSqrt2Pi: Float = 0.398_942_28

    /// Computes `y` without caching (inference).
    public func apply(_ x: Tensor) -> Tensor {
        switch approximation {
        case .exact: return map(x) { 0.5 * $0 * (1 + erff($0 * GELU.invSqrt2)) }
        case .tanh: return map(x) { v in 0.5 * v * (1 + tanhf(GELU.k * (v + GELU.c * v * v * v))) }
        }
    }

    /// Computes `y` and caches `x`.
    public mutating func forward(_ x: Tensor) -> Tensor {
        cachedInput = x
        return apply(x)
    }

    /// Returns `dx = dy * gelu'(x)`.
    public mutating func backward(_ dy: Tensor) -> Tensor {
        guard let x = cachedInput else { preconditionFailure("GELU.backward called before forward") }
        cachedInput = nil
        switch approximation {
        case .exact:
            return zipMap(x, dy, "GELU.backward") { v, g in
                let cdf = 0.5 * (1 + erff(v * GELU.invSqrt2))
                let pdf = GELU.invSqrt2Pi * expf(-0.5 * v * v)
                return g * (cdf + v * pdf)
            }
        case .tanh:
            return zipMap(x, dy, "GELU.backward") { v, g in
                let t = tanhf(GELU.k * (v + GELU.c * v * v * v))
                let dInner = GELU.k * (1 + 3 * GELU.c * v * v)
                return g * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * dInner)
            }
        }
    }
}
