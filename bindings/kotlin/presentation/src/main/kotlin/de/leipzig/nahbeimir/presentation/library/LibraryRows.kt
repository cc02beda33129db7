// Rows, the order form and the barcode's bars of the library screens.
package de.leipzig.nahbeimir.presentation.library

import de.leipzig.nahbeimir.core.CardOrder
import de.leipzig.nahbeimir.core.CardType
import de.leipzig.nahbeimir.core.LibraryBranch
import de.leipzig.nahbeimir.core.OrderPerson
import de.leipzig.nahbeimir.presentation.AppLanguage
import de.leipzig.nahbeimir.presentation.Formats
import de.leipzig.nahbeimir.presentation.account.birthdateText
import de.leipzig.nahbeimir.presentation.account.parseBirthdate
import java.time.LocalDate
import java.time.Period

/** A kind of card with the city's fee ([fee] formatted; "kostenlos" for 0). */
data class CardTypeRow(
    val id: String,
    val name: String,
    val description: String?,
    val feeCents: Long,
    val fee: String,
    val free: Boolean,
    val requiresLeipzigPass: Boolean,
    val persons: Int,
    val maxAge: Int?,
    val selected: Boolean
)

/** A branch where the card can be picked up. */
data class BranchRow(val id: String, val name: String, val address: String?, val selected: Boolean)

/**
 * The order form as typed: the applicant prefilled from the profile, the date of birth as the
 * citizen writes it (`12.04.1985` / `1985-04-12`), guardian and Duo partner when needed.
 */
data class OrderForm(
    val cardType: String = "",
    val branchId: String = "",
    val givenName: String = "",
    val familyName: String = "",
    val birthdate: String = "",
    val street: String = "",
    val postcode: String = "",
    val city: String = "",
    val email: String = "",
    val phone: String = "",
    val leipzigPass: String = "",
    val guardianGivenName: String = "",
    val guardianFamilyName: String = "",
    val guardianEmail: String = "",
    val partnerGivenName: String = "",
    val partnerFamilyName: String = "",
    val partnerBirthdate: String = ""
) {
    /** The applicant's age on [today]; null while the date of birth is not a date. */
    fun age(today: LocalDate): Int? = parseBirthdate(birthdate)?.let { Period.between(it, today).years }

    /** The order the core checks: trimmed, guardian and partner only where they belong. */
    internal fun toOrder(type: CardTypeRow?, minor: Boolean): CardOrder {
        fun t(v: String) = v.trim()
        fun date(v: String) = t(v).let { parseBirthdate(it)?.toString() ?: it }
        val guardianTyped = listOf(guardianGivenName, guardianFamilyName, guardianEmail).any { it.isNotBlank() }
        val duo = (type?.persons ?: 1) > 1
        return CardOrder(
            cardType = cardType,
            branchId = branchId,
            givenName = t(givenName),
            familyName = t(familyName),
            birthdate = date(birthdate),
            street = t(street),
            postcode = t(postcode),
            city = t(city),
            email = t(email),
            phone = t(phone).ifEmpty { null },
            leipzigPass = t(leipzigPass).uppercase().ifEmpty { null }.takeIf { type?.requiresLeipzigPass == true },
            guardian = if (minor || guardianTyped) {
                OrderPerson(t(guardianGivenName), t(guardianFamilyName), null, t(guardianEmail).ifEmpty { null })
            } else {
                null
            },
            secondAdult = if (duo) {
                OrderPerson(t(partnerGivenName), t(partnerFamilyName), date(partnerBirthdate).ifEmpty { null }, null)
            } else {
                null
            }
        )
    }

    internal companion object {
        /** The form of the core's [draft] (prefilled from the profile). */
        fun of(draft: CardOrder, language: AppLanguage): OrderForm = OrderForm(
            cardType = draft.cardType,
            branchId = draft.branchId,
            givenName = draft.givenName,
            familyName = draft.familyName,
            birthdate = parseBirthdate(draft.birthdate)?.let { birthdateText(it, language) } ?: draft.birthdate,
            street = draft.street,
            postcode = draft.postcode,
            city = draft.city,
            email = draft.email,
            phone = draft.phone.orEmpty(),
            leipzigPass = draft.leipzigPass.orEmpty(),
            guardianGivenName = draft.guardian?.givenName.orEmpty(),
            guardianFamilyName = draft.guardian?.familyName.orEmpty(),
            guardianEmail = draft.guardian?.email.orEmpty()
        )
    }
}

internal fun CardType.toRow(f: Formats, selected: Boolean): CardTypeRow = CardTypeRow(
    id = id,
    name = name,
    description = description,
    feeCents = feeCents,
    fee = if (feeCents == 0L) LibraryTexts(f.language).free else f.amount(feeCents),
    free = feeCents == 0L,
    requiresLeipzigPass = requiresLeipzigPass,
    persons = persons.toInt(),
    maxAge = maxAge?.toInt(),
    selected = selected
)

internal fun LibraryBranch.toRow(selected: Boolean): BranchRow = BranchRow(
    id = id,
    name = name,
    address = listOfNotNull(street, listOfNotNull(postcode, district).joinToString(" ").ifEmpty { null })
        .joinToString(", ")
        .ifEmpty { null },
    selected = selected
)

/** One dark bar of a barcode, in the SVG's units. */
data class Bar(val x: Float, val width: Float)

/**
 * The dark bars of the core's barcode SVG (`<rect x= width= fill=>` elements on a
 * `viewBox`), for drawing on a canvas without an SVG library: scaled to any width, adjacent
 * bars merged. The background rectangle and light fills are left out.
 */
data class BarcodeBars(val width: Float, val height: Float, val bars: List<Bar>) {
    companion object {
        private val rectTag = Regex("""<rect\b[^>]*>""", RegexOption.IGNORE_CASE)
        private val viewBox = Regex("""viewBox\s*=\s*"\s*([-\d.]+)[\s,]+([-\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"""")
        private val light = setOf("#fff", "#ffffff", "white", "none", "transparent")

        private fun attribute(tag: String, name: String): String? =
            Regex("""\s$name\s*=\s*"([^"]*)"""", RegexOption.IGNORE_CASE).find(tag)?.groupValues?.get(1)

        /** The bars of [svg]; null when it holds none. */
        fun parse(svg: String): BarcodeBars? {
            val rects = rectTag.findAll(svg).mapNotNull { m ->
                val x = attribute(m.value, "x")?.toFloatOrNull() ?: 0f
                val w = attribute(m.value, "width")?.toFloatOrNull() ?: return@mapNotNull null
                val fill = (attribute(m.value, "fill") ?: "#000000").trim().lowercase()
                Triple(x, w, fill)
            }.toList()
            val box = viewBox.find(svg)?.groupValues
            val width = box?.get(3)?.toFloatOrNull() ?: rects.maxOfOrNull { it.first + it.second } ?: return null
            val height = box?.get(4)?.toFloatOrNull()
                ?: Regex("""<svg\b[^>]*\sheight\s*=\s*"([\d.]+)"""").find(svg)?.groupValues?.get(1)?.toFloatOrNull()
                ?: width / 4
            val dark = rects
                .filter { (_, w, fill) -> fill !in light && w > 0f && w < width }
                .map { (x, w, _) -> Bar(x, w) }
                .sortedBy { it.x }
            val merged = mutableListOf<Bar>()
            for (bar in dark) {
                val last = merged.lastOrNull()
                if (last != null && bar.x <= last.x + last.width + 1e-3f) {
                    merged[merged.size - 1] = Bar(last.x, maxOf(last.width, bar.x + bar.width - last.x))
                } else {
                    merged += bar
                }
            }
            return if (merged.isEmpty() || width <= 0f) null else BarcodeBars(width, height, merged)
        }
    }
}
