import Prometheus

/// The server's Prometheus metrics: requests, errors, latency histogram and decisions by mode.
public final class ServerMetrics: Sendable {
    /// The registry rendered by GET /metrics.
    public let registry = PrometheusCollectorRegistry()
    let routeRequests: Counter
    let queries: Counter
    let latency: DurationHistogram
    let reloads: Counter
    let reloadFailures: Counter

    /// Creates the metrics in a fresh registry.
    public init() {
        routeRequests = registry.makeCounter(descriptor: Self.name("router_requests", "total", "Route requests received."), labels: [("path", "/v1/route")])
        queries = registry.makeCounter(descriptor: Self.name("router_queries", "total", "Queries routed."))
        latency = registry.makeDurationHistogram(
            descriptor: Self.name("router_request_duration", "seconds", "Latency of /v1/route requests."),
            buckets: [.microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
                      .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(100), .seconds(1)])
        reloads = registry.makeCounter(descriptor: Self.name("router_bundle_reloads", "total", "Successful bundle reloads."))
        reloadFailures = registry.makeCounter(descriptor: Self.name("router_bundle_reload_failures", "total", "Failed bundle reloads (old bundle kept)."))
    }

    func error(status: Int) {
        registry.makeCounter(descriptor: Self.name("router_errors", "total", "Requests answered with an error."), labels: [("status", "\(status)")]).increment()
    }

    func decided(_ mode: String) {
        registry.makeCounter(descriptor: Self.name("router_decisions", "total", "Routing decisions by mode."), labels: [("mode", mode)]).increment()
    }

    /// A metric's name (`<name>_<unit>`, e.g. `router_requests_total`) and HELP text.
    static func name(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: unit, helpText: help)
    }

    /// The Prometheus text exposition.
    public func render() -> String { registry.emitToString() }
}
