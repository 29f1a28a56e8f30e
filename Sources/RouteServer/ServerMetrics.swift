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
        routeRequests = registry.makeCounter(name: "router_requests_total", labels: [("path", "/v1/route")], help: "Route requests received.")
        queries = registry.makeCounter(name: "router_queries_total", help: "Queries routed.")
        latency = registry.makeDurationHistogram(
            name: "router_request_duration_seconds",
            buckets: [.microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
                      .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(100), .seconds(1)],
            help: "Latency of /v1/route requests.")
        reloads = registry.makeCounter(name: "router_bundle_reloads_total", help: "Successful bundle reloads.")
        reloadFailures = registry.makeCounter(name: "router_bundle_reload_failures_total", help: "Failed bundle reloads (old bundle kept).")
    }

    func error(status: Int) {
        registry.makeCounter(name: "router_errors_total", labels: [("status", "\(status)")], help: "Requests answered with an error.").increment()
    }

    func decided(_ mode: String) {
        registry.makeCounter(name: "router_decisions_total", labels: [("mode", mode)], help: "Routing decisions by mode.").increment()
    }

    /// The Prometheus text exposition.
    public func render() -> String { registry.emitToString() }
}
