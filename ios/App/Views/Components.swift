import SwiftUI

/// View-side texts of the presentation types: keys into Localizable.strings,
/// looked up with the `locale` the root view sets (the in-app language).
extension ErrorKind {
    var messageKey: LocalizedStringKey {
        switch self {
        case .offline: return "error.offline"
        case .server: return "error.server"
        case .notFound: return "error.notFound"
        case .unauthorized: return "error.unauthorized"
        case .conflict: return "error.conflict"
        case .validation: return "error.validation"
        case .paymentRefused: return "error.paymentRefused"
        case .other: return "error.other"
        }
    }

    var symbol: String {
        self == .offline ? "wifi.slash" : "exclamationmark.triangle"
    }
}

/// A whole-screen message: loading failed, nothing there, and the like.
/// The symbol is decorative; VoiceOver reads the texts and the button.
struct StatusView: View {
    let symbol: String
    let title: LocalizedStringKey
    var message: LocalizedStringKey?
    var retry: (() -> Void)?

    var body: some View {
        VStack(spacing: 12) {
            Image(systemName: symbol)
                .font(.largeTitle)
                .foregroundStyle(.secondary)
                .accessibilityHidden(true)
            Text(title)
                .font(.headline)
                .multilineTextAlignment(.center)
            if let message {
                Text(message)
                    .font(.body)
                    .foregroundStyle(.secondary)
                    .multilineTextAlignment(.center)
            }
            if let retry {
                Button("action.retry", action: retry)
                    .buttonStyle(.borderedProminent)
            }
        }
        .padding()
        .frame(maxWidth: .infinity, maxHeight: .infinity)
    }
}

/// A web link from feed data, only when it is http(s): a feed must not be
/// able to make a button open another app's scheme.
func webURL(_ string: String?) -> URL? {
    guard let string, let url = URL(string: string),
          let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http"
    else { return nil }
    return url
}
