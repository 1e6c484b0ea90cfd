import Hummingbird

/// HEAD answered as GET without the body: RFC 9110 (§9.1) has every general-purpose server support HEAD
/// wherever it supports GET, and it was 405 on every route. The status and headers are GET's; the handler
/// runs as for GET (reads only: no GET route writes), and what it would have sent is dropped.
///
/// A router's middlewares run after it has matched a route by method, so the method is changed in front of
/// the router: this wraps the responder the router builds (`FundLedgerServer.Parts.responder`).
public struct HeadAsGet<Builder: HTTPResponderBuilder>: HTTPResponderBuilder where Builder.Responder.Context: AnswersHead {
    let builder: Builder

    public func buildResponder() -> Responder {
        Responder(inner: builder.buildResponder())
    }

    public struct Responder: HTTPResponder {
        let inner: Builder.Responder

        public func respond(to request: Request, context: Builder.Responder.Context) async throws -> Response {
            guard request.method == .head else { return try await inner.respond(to: request, context: context) }
            var head = request.head
            head.method = .get
            var context = context
            context.answersHead = true
            var response = try await inner.respond(to: Request(head: head, body: request.body), context: context)
            // GET's Content-Length stays (RFC 9110 §9.3.2); an empty body would set it to 0. A streamed
            // answer (no length) is sent as an empty one: chunked framing would leave a terminator behind.
            let length = response.headers[.contentLength]
            response.body = ResponseBody()
            if let length { response.headers[.contentLength] = length }
            return response
        }
    }
}

/// A request context that can say the request came as HEAD, so that its log line and metrics name the
/// method the client sent rather than the GET it was answered as.
public protocol AnswersHead: RequestContext {
    var answersHead: Bool { get set }
}
