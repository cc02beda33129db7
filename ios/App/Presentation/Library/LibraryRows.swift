// The library rows the screens show: card types with the city's fees and
// branches. Mirrors LibraryRows.kt (`CardTypeRow`, `BranchRow`).
import Foundation
import LeipzigCore

/// A kind of card with the city's fee (`fee` formatted; "kostenlos" for 0).
struct CardTypeRow: Equatable, Identifiable, Sendable {
    /// `ADULT`, `DUO`, `YOUTH`, `REDUCED`, `REDUCED_DUO`.
    let id: String
    let name: String
    let description: String?
    let feeCents: Int64
    let fee: String
    let free: Bool
    let requiresLeipzigPass: Bool
    let persons: Int
    let maxAge: Int?
    let selected: Bool
}

/// A branch where the card can be picked up.
struct BranchRow: Equatable, Identifiable, Sendable {
    let id: String
    let name: String
    let address: String?
    let selected: Bool
}

extension CardType {
    func row(_ f: Formats, selected: Bool) -> CardTypeRow {
        CardTypeRow(
            id: id,
            name: name,
            description: description,
            feeCents: feeCents,
            fee: feeCents == 0 ? LibraryTexts(f.language).free : f.amount(cents: feeCents),
            free: feeCents == 0,
            requiresLeipzigPass: requiresLeipzigPass,
            persons: Int(persons),
            maxAge: maxAge.map { Int($0) },
            selected: selected
        )
    }
}

extension LibraryBranch {
    func row(selected: Bool) -> BranchRow {
        // Kotlin's listOfNotNull(street, "postcode district").joinToString(", ").
        let place = [postcode, district].compactMap { $0 }.joined(separator: " ")
        let address = [street, place.isEmpty ? nil : place].compactMap { $0 }.joined(separator: ", ")
        return BranchRow(id: id, name: name, address: address.isEmpty ? nil : address, selected: selected)
    }
}
