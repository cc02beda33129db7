// The profile's fields: their order, their text in the edit form, and the booking contact.
package de.leipzig.nahbeimir.presentation.account

import de.leipzig.nahbeimir.core.Contact
import de.leipzig.nahbeimir.core.Profile
import de.leipzig.nahbeimir.presentation.AppLanguage
import de.leipzig.nahbeimir.presentation.Formats
import java.time.LocalDate
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException
import java.time.format.ResolverStyle

/** A field of the citizen's profile, in the order the screens list them; [core] is the core's name. */
enum class ProfileField(val core: String) {
    GIVEN_NAME("given_name"),
    FAMILY_NAME("family_name"),
    BIRTHDATE("birthdate"),
    STREET_ADDRESS("street_address"),
    POSTAL_CODE("postal_code"),
    LOCALITY("locality"),
    EMAIL("email"),
    PHONE("phone"),

    /** The Leipzig-Pass number (`LP-2026-048213`), for reduced fees; optional. */
    LEIPZIG_PASS("leipzig_pass");

    companion object {
        /** The field a core `Validation` error names; null for one this version does not know. */
        fun ofCore(name: String): ProfileField? = entries.firstOrNull { it.core == name }
    }
}

/** One filled-in field as the profile view shows it (a date of birth written in the app's language). */
data class ProfileRow(val field: ProfileField, val value: String)

/** The value of [field], as stored. */
fun Profile.valueOf(field: ProfileField): String? = when (field) {
    ProfileField.GIVEN_NAME -> givenName
    ProfileField.FAMILY_NAME -> familyName
    ProfileField.BIRTHDATE -> birthdate
    ProfileField.STREET_ADDRESS -> streetAddress
    ProfileField.POSTAL_CODE -> postalCode
    ProfileField.LOCALITY -> locality
    ProfileField.EMAIL -> email
    ProfileField.PHONE -> phone
    ProfileField.LEIPZIG_PASS -> leipzigPass
}

/** The filled-in fields for the profile view. */
internal fun Profile.rows(formats: Formats): List<ProfileRow> = ProfileField.entries.mapNotNull { field ->
    val value = valueOf(field)?.trim()?.takeIf { it.isNotEmpty() } ?: return@mapNotNull null
    val shown = if (field == ProfileField.BIRTHDATE) isoDay(value)?.let(formats::day) ?: value else value
    ProfileRow(field, shown)
}

/** The edit form's text for every field; the date of birth as the citizen types it ([birthdateText]). */
internal fun Profile?.form(language: AppLanguage): Map<ProfileField, String> =
    ProfileField.entries.associateWith { field ->
        val value = this?.valueOf(field).orEmpty()
        if (field == ProfileField.BIRTHDATE) isoDay(value)?.let { birthdateText(it, language) } ?: value else value
    }

/**
 * The profile the form describes: trimmed, empty means absent, the date of birth as
 * `YYYY-MM-DD` when it is a date (anything else goes to the core as typed, which refuses it
 * with the field named).
 */
internal fun profileOf(form: Map<ProfileField, String>): Profile {
    fun v(field: ProfileField) = form[field]?.trim()?.takeIf { it.isNotEmpty() }
    val birthdate = v(ProfileField.BIRTHDATE)?.let { typed -> parseBirthdate(typed)?.toString() ?: typed }
    return Profile(
        givenName = v(ProfileField.GIVEN_NAME),
        familyName = v(ProfileField.FAMILY_NAME),
        birthdate = birthdate,
        streetAddress = v(ProfileField.STREET_ADDRESS),
        postalCode = v(ProfileField.POSTAL_CODE),
        locality = v(ProfileField.LOCALITY),
        email = v(ProfileField.EMAIL),
        phone = v(ProfileField.PHONE),
        leipzigPass = v(ProfileField.LEIPZIG_PASS)
    )
}

/**
 * The booking form's contact from the profile: family name, e-mail, telephone. Null when
 * the profile has none of them.
 */
fun Profile.toContact(): Contact? {
    val family = familyName?.trim().orEmpty()
    val mail = email?.trim()?.takeIf { it.isNotEmpty() }
    val telephone = phone?.trim()?.takeIf { it.isNotEmpty() }
    if (family.isEmpty() && mail == null && telephone == null) return null
    return Contact(family, mail, telephone)
}

/** How the form writes a date of birth: `12.04.1985` in German, `1985-04-12` in English. */
fun birthdateText(date: LocalDate, language: AppLanguage): String =
    if (language == AppLanguage.GERMAN) date.format(GERMAN_DAY) else date.toString()

/** A typed date of birth: `12.04.1985`, `12.4.1985` or `1985-04-12`; null when it is none of them. */
fun parseBirthdate(text: String): LocalDate? {
    val typed = text.trim()
    return isoDay(typed) ?: try {
        LocalDate.parse(typed, TYPED_GERMAN_DAY)
    } catch (_: DateTimeParseException) {
        null
    }
}

private fun isoDay(text: String): LocalDate? = try {
    LocalDate.parse(text)
} catch (_: DateTimeParseException) {
    null
}

private val GERMAN_DAY: DateTimeFormatter = DateTimeFormatter.ofPattern("dd.MM.uuuu")
private val TYPED_GERMAN_DAY: DateTimeFormatter =
    DateTimeFormatter.ofPattern("d.M.uuuu").withResolverStyle(ResolverStyle.STRICT)
