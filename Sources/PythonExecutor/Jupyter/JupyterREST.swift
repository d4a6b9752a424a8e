import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The part of Jupyter's REST API the engine uses (`/api`, `/api/kernels`),
/// the same on Jupyter Server, Kernel Gateway and Enterprise Gateway.
/// Failures are ``JupyterFailure``s that say which server and what to check.
struct JupyterREST: Sendable {
    let endpoint: JupyterEndpoint
    /// Seconds one request may take.
    var requestTimeout: Int64 = 30

    /// The engine's HTTP client: a refused or unreachable server fails at once
    /// instead of being retried until the request's deadline.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// A started kernel, as `POST /api/kernels` answers.
    struct KernelModel: Decodable, Sendable {
        var id: String
        var name: String?
        var execution_state: String?
    }

    /// `POST /api/kernels`: starts a kernel of the endpoint's kernel spec.
    func startKernel() async throws(JupyterFailure) -> KernelModel {
        let body = try? JSONEncoder().encode(["name": endpoint.kernelName])
        let data: Data
        do {
            data = try await send(.POST, "api/kernels", body: body, expecting: [200, 201])
        } catch let .httpStatus(status, text) {
            // Servers answer an unknown kernel name with a bare 500 (or 404): say what the server has.
            if let names = try? await kernelSpecNames(), !names.contains(endpoint.kernelName) {
                throw .httpStatus(status, "\(endpoint.description) has no kernel spec '\(endpoint.kernelName)' (it has: \(names.sorted().joined(separator: ", "))); set execution.modes.<mode>.kernel_name")
            }
            throw .httpStatus(status, text)
        }
        guard let model = try? JSONDecoder().decode(KernelModel.self, from: data) else {
            throw .protocolViolation("\(endpoint.description) answered POST /api/kernels with no kernel id")
        }
        return model
    }

    /// `GET /api/kernels`: every kernel the server runs.
    func kernels() async throws(JupyterFailure) -> [KernelModel] {
        let data = try await send(.GET, "api/kernels", expecting: [200])
        guard let models = try? JSONDecoder().decode([KernelModel].self, from: data) else {
            throw .protocolViolation("\(endpoint.description) answered GET /api/kernels with no kernel list")
        }
        return models
    }

    /// `GET /api/kernelspecs`: the names of the kernel specs the server can start.
    func kernelSpecNames() async throws(JupyterFailure) -> [String] {
        struct Specs: Decodable { var kernelspecs: [String: Ignored] }
        struct Ignored: Decodable {}
        let data = try await send(.GET, "api/kernelspecs", expecting: [200])
        guard let specs = try? JSONDecoder().decode(Specs.self, from: data) else {
            throw .protocolViolation("\(endpoint.description) answered GET /api/kernelspecs with no kernel specs")
        }
        return Array(specs.kernelspecs.keys)
    }

    /// `POST /api/kernels/<id>/interrupt`.
    func interrupt(_ id: String) async throws(JupyterFailure) {
        _ = try await send(.POST, "api/kernels/\(id)/interrupt", body: Data(), expecting: [200, 204])
    }

    /// `POST /api/kernels/<id>/restart`.
    func restart(_ id: String) async throws(JupyterFailure) {
        _ = try await send(.POST, "api/kernels/\(id)/restart", body: Data(), expecting: [200])
    }

    /// `DELETE /api/kernels/<id>`; a kernel that is already gone counts as deleted.
    /// A kernel the server is restarting (after it died) can refuse deletion for a
    /// moment, so a refusal is retried a few times.
    func deleteKernel(_ id: String) async throws(JupyterFailure) {
        var attempt = 0
        while true {
            do {
                _ = try await send(.DELETE, "api/kernels/\(id)", expecting: [204, 200, 404])
                return
            } catch .httpStatus where attempt < 10 {
                attempt += 1
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// Sends one request and returns the body of an expected answer.
    private func send(_ method: HTTPMethod, _ path: String, body: Data? = nil, expecting statuses: Set<UInt>) async throws(JupyterFailure) -> Data {
        var request = HTTPClientRequest(url: endpoint.httpURL(path))
        request.method = method
        for (name, value) in endpoint.headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let status: UInt, data: Data
        do {
            let response = try await Self.client.execute(request, timeout: .seconds(requestTimeout))
            status = response.status.code
            data = Data(try await response.body.collect(upTo: 16 << 20).readableBytesView)
        } catch {
            throw .unreachable(endpoint, "\(method) \(path): \(error)")
        }
        guard statuses.contains(status) else {
            let text = String(decoding: data.prefix(500), as: UTF8.self)
            if status == 401 || status == 403 { throw .unauthorized(endpoint, status: status) }
            throw .httpStatus(status, "\(endpoint.description) answered \(method) /\(path) with HTTP \(status): \(text)")
        }
        return data
    }
}

extension JupyterEndpoint {
    /// The authentication header, when there is a token.
    var headers: [(String, String)] {
        token.map { [("Authorization", "token \($0)")] } ?? []
    }
}
