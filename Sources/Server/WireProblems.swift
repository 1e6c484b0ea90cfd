import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers the requests that never reach the router with a problem document too: a request NIO's HTTP
/// parser refuses (invalid bytes in the request line, a NUL in a header, too many headers, `Content-Length`
/// together with chunked) and one with two `Host` header lines (RFC 9112 §3.2: 400).
///
/// Hummingbird answers a parser error with a bare `400` (no body, `Connection: close`) once the requests
/// before it on the connection are answered. This handler sits between the HTTP codec and Hummingbird's
/// request handling (`HTTP1Channel`'s additional handlers), remembers what the parser refused, and rewrites
/// that bare answer — the only answer written while no request is waiting for one — into a problem
/// document with an `X-Request-Id`, logged as the router's requests are. A second `Host` line is turned into
/// a parser error here, so it takes the same path: the head never reaches the router.
final class WireProblems: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let host = HTTPField.Name("Host")!
    private let logger: Logger
    private let metrics: ServerMetrics
    /// Requests passed on whose answer has not ended yet.
    private var unanswered = 0
    /// What the parser refused (or the second `Host` line); once set, nothing more is passed on.
    private var refusal: Problem?
    /// The bare answer is being replaced: its end writes the problem document.
    private var rewriting = false

    init(logger: Logger, metrics: ServerMetrics) {
        self.logger = logger
        self.metrics = metrics
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard refusal == nil else { return }
        if case .head(let request) = unwrapInboundIn(data) {
            // The codec makes the first Host line the authority and keeps any other as a field.
            if request.headerFields[Self.host] != nil {
                refusal = .badRequest("the request has two Host header lines; send one (RFC 9112 §3.2)")
                context.fireErrorCaught(HTTPParserError.invalidHost)
                return
            }
            unanswered += 1
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let parserError = error as? HTTPParserError, refusal == nil {
            refusal = .badRequest("the request is not valid HTTP/1.1: \(Self.describe(parserError))")
        }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head where unanswered == 0 && refusal != nil:
            rewriting = true
            writeHead(context: context, promise: promise)
        case .body where rewriting:
            promise?.succeed(())
        case .end where rewriting:
            rewriting = false
            context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: refusal!.json))), promise: nil)
            context.write(data, promise: promise)
        case .end:
            unanswered = max(0, unanswered - 1)
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    private func writeHead(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard let problem = refusal else { return }
        let id = RequestID().description
        let head = HTTPResponse(status: problem.status, headerFields: [
            .contentType: "application/problem+json", .contentLength: "\(problem.json.count)", .connection: "close",
            HTTPField.Name("X-Request-Id")!: id,
        ])
        context.write(wrapOutboundOut(.head(head)), promise: promise)
        metrics.record(method: "-", route: "unparsed", status: Int(problem.status.code), seconds: 0)
        logger.info("request", metadata: [
            "hb.request.id": .string(id), "method": "-", "path": "-", "status": .stringConvertible(problem.status.code),
            "detail": .string(problem.detail),
        ])
    }

    /// What the parser refused, in words; NIO's own where they say it.
    static func describe(_ error: HTTPParserError) -> String {
        switch error {
        case .headerOverflow: "more header lines or bytes than the server reads (1 000 lines, 80 KiB)"
        case .unexpectedContentLength: "two Content-Length headers, or Content-Length with Transfer-Encoding"
        case .invalidURL, .invalidPath: "the request target has a byte a URL may not hold (percent-encode it)"
        case .unknown, .invalidInternalState: "the parser refused it (Content-Length together with Transfer-Encoding: chunked, for one)"
        default: error.debugDescription
        }
    }
}
