/// Limits and address of the HTTP server.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// Largest request body accepted (bytes); larger bodies get 413.
    public var maxBodyBytes: Int = 1 << 20
    /// Most queries in one `{"queries": [...]}` request; more get 413.
    public var maxQueries: Int = 256
    /// Longest single query (characters); longer ones get 422.
    public var maxQueryCharacters: Int = 32_768

    public init() {}
}
