import Foundation
import RouterModel

/// Body of POST /v1/route: one query or a batch.
struct RouteRequestBody: Decodable {
    var query: String?
    var queries: [String]?
}

/// Body of a successful POST /v1/route: `decision` for `query`, `decisions` for `queries`.
struct RouteResponseBody: Encodable {
    var decision: DecisionRecord?
    var decisions: [DecisionRecord]?
}

/// A client error with its HTTP status and a message, sent as `{"error": {"status", "message"}}`.
struct APIError: Error {
    let status: Int
    let message: String

    var json: Data {
        let obj: [String: Any] = ["error": ["status": status, "message": message]]
        return (try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])) ?? Data()
    }
}

/// Parses and checks a route request body against the server's limits.
func parseRouteRequest(_ data: Data, config: ServerConfiguration) throws -> (texts: [String], batch: Bool) {
    let body: RouteRequestBody
    do {
        body = try JSONDecoder().decode(RouteRequestBody.self, from: data)
    } catch let DecodingError.typeMismatch(type, ctx) {
        let field = ctx.codingPath.map(\.stringValue).joined(separator: ".")
        throw APIError(status: 400, message: "field \"\(field)\": expected \(type == String.self ? "a string" : "\(type)")")
    } catch {
        throw APIError(status: 400, message: "body is not valid JSON: send {\"query\": \"...\"} or {\"queries\": [\"...\"]}")
    }
    let texts: [String]
    let batch: Bool
    switch (body.query, body.queries) {
    case let (q?, nil): texts = [q]; batch = false
    case let (nil, qs?): texts = qs; batch = true
    case (nil, nil): throw APIError(status: 400, message: "missing field: send \"query\" (a string) or \"queries\" (an array of strings)")
    case (_?, _?): throw APIError(status: 400, message: "send either \"query\" or \"queries\", not both")
    }
    if batch && texts.isEmpty { throw APIError(status: 400, message: "\"queries\" is empty") }
    if texts.count > config.maxQueries {
        throw APIError(status: 413, message: "\(texts.count) queries in one request; the limit is \(config.maxQueries)")
    }
    for (i, t) in texts.enumerated() {
        let where_ = batch ? "queries[\(i)]" : "query"
        if t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw APIError(status: 422, message: "\(where_) is empty") }
        if t.count > config.maxQueryCharacters {
            throw APIError(status: 422, message: "\(where_) has \(t.count) characters; the limit is \(config.maxQueryCharacters)")
        }
    }
    return (texts, batch)
}
