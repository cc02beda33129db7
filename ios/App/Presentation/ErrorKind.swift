import LeipzigCore

/// What a screen shows when something failed; each kind has its own text
/// (`error.*` in Localizable.strings). Mirrors ErrorKind.kt.
enum ErrorKind: Equatable, Sendable {
    /// No connection: stored data is still shown where there is some.
    case offline
    /// The city's server failed or sent something unusable.
    case server
    /// The thing asked for does not exist (any more).
    case notFound
    /// The citizen must log in (again).
    case unauthorized
    /// The action clashes with the server's state.
    case conflict
    /// Input was rejected; the model names the field.
    case validation
    /// The payment service refused a payment; nothing was charged. The
    /// payment model says why (the refusal code as text).
    case paymentRefused
    /// Anything else.
    case other

    /// The kind of a core error; anything that is not an `ApiError` is `other`.
    init(_ error: Error) {
        guard let apiError = error as? ApiError else {
            self = .other
            return
        }
        switch apiError {
        case .Offline: self = .offline
        case .Server: self = .server
        case .NotFound: self = .notFound
        case .Unauthorized: self = .unauthorized
        case .Conflict: self = .conflict
        case .Validation: self = .validation
        case .SlotTaken: self = .conflict
        case .PendingActions: self = .conflict
        case .PaymentRefused: self = .paymentRefused
        case .Other: self = .other
        }
    }
}
