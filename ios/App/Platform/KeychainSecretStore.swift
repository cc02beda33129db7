import Foundation
import LeipzigCore
import Security

/// The core's `SecretStore` on the iOS Keychain (security-and-reliability.md
/// §3.1): generic passwords under one service, readable after the first
/// unlock (background refresh runs while the phone is locked) and never
/// leaving this device (no iCloud Keychain, not in backups).
///
/// Errors carry the operation and the OSStatus, never a key's value.
final class KeychainSecretStore: SecretStore {
    private let service: String

    init(service: String = "de.leipzig.nahbeimir.secrets") {
        self.service = service
    }

    func get(key: String) throws -> Data? {
        var query = baseQuery(key)
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var result: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &result)
        switch status {
        case errSecSuccess:
            guard let data = result as? Data else { throw Self.failure("read", errSecInternalError) }
            return data
        case errSecItemNotFound:
            return nil
        default:
            throw Self.failure("read", status)
        }
    }

    func set(key: String, value: Data) throws {
        // The accessibility class is written on update too, so an item from an
        // older build cannot keep a weaker one.
        let attributes: [String: Any] = [
            kSecValueData as String: value,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ]
        var status = SecItemUpdate(baseQuery(key) as CFDictionary, attributes as CFDictionary)
        if status == errSecItemNotFound {
            let item = baseQuery(key).merging(attributes) { _, new in new }
            status = SecItemAdd(item as CFDictionary, nil)
        }
        guard status == errSecSuccess else { throw Self.failure("write", status) }
    }

    func delete(key: String) throws {
        let status = SecItemDelete(baseQuery(key) as CFDictionary)
        // Deleting a missing key succeeds (the core's contract).
        guard status == errSecSuccess || status == errSecItemNotFound else { throw Self.failure("delete", status) }
    }

    private func baseQuery(_ key: String) -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: key,
        ]
    }

    private static func failure(_ operation: String, _ status: OSStatus) -> PlatformError {
        let message = SecCopyErrorMessageString(status, nil) as String? ?? "unknown"
        return .Failed(reason: "keychain \(operation) failed: OSStatus \(status) (\(message))")
    }
}
