package de.leipzig.nahbeimir.presentation.library

import de.leipzig.nahbeimir.presentation.AppLanguage

/** A field of the card order the city's rules can reject; [core] is the core's name of it. */
enum class OrderField(val core: String) {
    CARD_TYPE("card_type"),
    BRANCH("branch"),
    GIVEN_NAME("given_name"),
    FAMILY_NAME("family_name"),
    BIRTHDATE("birthdate"),
    STREET("street"),
    POSTCODE("postcode"),
    EMAIL("email"),
    LEIPZIG_PASS("leipzig_pass"),
    GUARDIAN("guardian"),
    SECOND_ADULT("second_adult"),

    /** The order as a whole (a card is already ordered). */
    REGISTRATION("registration");

    companion object {
        /** The field a core `Validation` error names; [REGISTRATION] for one this version does not know. */
        fun ofCore(name: String): OrderField = when (name) {
            "branch_id" -> BRANCH
            "leipzigPass" -> LEIPZIG_PASS
            "secondAdult" -> SECOND_ADULT
            "cardType" -> CARD_TYPE
            else -> entries.firstOrNull { it.core == name } ?: REGISTRATION
        }
    }
}

/**
 * The library texts that depend on the city's rules and on where a registration stands, in
 * one language: what a refused field means (from the city's code, `MINOR_WITHOUT_GUARDIAN`,
 * …), the status of an order, flags. Fixed here rather than in the shells' resources so that
 * every shell says exactly the same (the SwiftUI mirror ports this table).
 */
class LibraryTexts(private val language: AppLanguage) {
    private val german = language == AppLanguage.GERMAN

    /** What the citizen reads under [field], refused with the city's [code]. */
    fun fieldError(field: OrderField, code: String?): String = when (code?.trim()?.uppercase()) {
        "MINOR_WITHOUT_GUARDIAN" -> if (german) {
            "Unter 18 Jahren muss ein Elternteil zustimmen: Bitte Name und E-Mail eines Elternteils angeben."
        } else {
            "Under 18, a parent must agree: please give a parent's name and e-mail."
        }

        "INVALID_LEIPZIG_PASS" -> if (german) {
            "Bitte eine gültige Leipzig-Pass-Nummer angeben (LP-JJJJ-NNNNNN)."
        } else {
            "Please give a valid Leipzig-Pass number (LP-YYYY-NNNNNN)."
        }

        "CARD_TYPE_NOT_ALLOWED" -> if (german) {
            "Dieser Ausweis passt nicht zum Alter. Bis zum 19. Geburtstag gibt es den kostenlosen Ausweis für " +
                "Kinder und Jugendliche."
        } else {
            "This card does not fit the age. Until the 19th birthday the free card for children and teenagers applies."
        }

        "DUO_PARTNER_MISSING" -> if (german) {
            "Für den Duo-Ausweis bitte die zweite erwachsene Person angeben (Name und Geburtsdatum)."
        } else {
            "A Duo card needs the second adult (name and date of birth)."
        }

        "UNKNOWN_BRANCH" -> if (german) "Bitte eine Bibliothek zur Abholung wählen." else "Please choose a branch."

        "DUPLICATE_REGISTRATION" -> if (german) {
            "Es ist bereits ein Ausweis beantragt."
        } else {
            "A card has already been ordered."
        }

        else -> plain(field)
    }

    private fun plain(field: OrderField): String = when (field) {
        OrderField.GIVEN_NAME -> if (german) "Bitte den Vornamen angeben." else "Please give your given name."

        OrderField.FAMILY_NAME -> if (german) "Bitte den Nachnamen angeben." else "Please give your family name."

        OrderField.BIRTHDATE -> if (german) {
            "Bitte das Geburtsdatum angeben (TT.MM.JJJJ)."
        } else {
            "Please give your date of birth (YYYY-MM-DD)."
        }

        OrderField.STREET -> if (german) "Bitte Straße, Hausnummer und Ort angeben." else "Please give your address."

        OrderField.POSTCODE -> if (german) "Die Postleitzahl hat fünf Ziffern." else "The postcode has five digits."

        OrderField.EMAIL -> if (german) "Bitte eine E-Mail-Adresse angeben." else "Please give an e-mail address."

        OrderField.BRANCH -> if (german) "Bitte eine Bibliothek zur Abholung wählen." else "Please choose a branch."

        OrderField.CARD_TYPE -> if (german) "Bitte einen Ausweis wählen." else "Please choose a card."

        OrderField.LEIPZIG_PASS -> if (german) {
            "Bitte eine gültige Leipzig-Pass-Nummer angeben (LP-JJJJ-NNNNNN)."
        } else {
            "Please give a valid Leipzig-Pass number (LP-YYYY-NNNNNN)."
        }

        OrderField.GUARDIAN -> if (german) {
            "Bitte Name und E-Mail eines Elternteils angeben."
        } else {
            "Please give a parent's name and e-mail."
        }

        OrderField.SECOND_ADULT -> if (german) {
            "Bitte die zweite erwachsene Person angeben."
        } else {
            "Please give the second adult."
        }

        OrderField.REGISTRATION -> if (german) {
            "Der Antrag konnte nicht angenommen werden."
        } else {
            "The order could not be accepted."
        }
    }

    /** "Kostenlos" / "Free" for a fee of 0. */
    val free: String get() = if (german) "kostenlos" else "free"

    /** The headline of a registration's status. */
    fun status(phase: LibraryPhase): String? = when (phase) {
        LibraryPhase.SAVED -> if (german) "Gespeichert, noch nicht gesendet" else "Saved, not sent yet"
        LibraryPhase.SUBMITTED -> if (german) "Beantragt" else "Ordered"
        LibraryPhase.PAYMENT_PENDING -> if (german) "Gebühr offen" else "Fee to pay"
        LibraryPhase.READY_FOR_ID_CHECK -> if (german) ID_CHECK_DE else ID_CHECK_EN
        LibraryPhase.ACTIVE -> if (german) "Ihr Ausweis ist aktiv" else "Your card is active"
        LibraryPhase.REJECTED -> if (german) "Abgelehnt" else "Refused"
        else -> null
    }

    /** Why the status matters, what comes next. */
    fun statusDetail(phase: LibraryPhase, branch: String?, reason: String?): String? = when (phase) {
        LibraryPhase.SAVED -> if (german) {
            "Ihr Antrag ist auf diesem Telefon gespeichert und wird gesendet, sobald eine Verbindung besteht."
        } else {
            "Your order is saved on this phone and is sent as soon as there is a connection."
        }

        LibraryPhase.SUBMITTED -> if (german) "Die Bibliothek prüft Ihren Antrag." else "The library checks your order."

        LibraryPhase.PAYMENT_PENDING -> if (german) {
            "Bitte bezahlen Sie die Jahresgebühr; danach können Sie den Ausweis abholen."
        } else {
            "Please pay the annual fee; then you can pick up the card."
        }

        LibraryPhase.READY_FOR_ID_CHECK -> {
            val where = branch?.let { if (german) " in der Bibliothek „$it“" else " at $it" }.orEmpty()
            if (german) {
                "Bitte bringen Sie Ihren Personalausweis oder Reisepass beim ersten Besuch$where mit. " +
                    "Dort wird Ihr Ausweis freigeschaltet."
            } else {
                "Please bring your ID card or passport to your first visit$where. Your card is activated there."
            }
        }

        LibraryPhase.ACTIVE -> if (german) {
            "Zeigen Sie den Ausweis an der Ausleihe vor – er funktioniert auch ohne Internet."
        } else {
            "Show the card at the counter – it works without internet too."
        }

        LibraryPhase.REJECTED -> {
            val head = if (german) "Die Bibliothek hat den Antrag abgelehnt" else "The library refused the order"
            if (reason.isNullOrBlank()) "$head." else "$head: ${reason.substringAfter(": ", reason)}"
        }

        else -> null
    }

    /** A registration's flag as the citizen reads it; null for flags this version does not know. */
    fun flag(flag: String): String? = when (flag.uppercase()) {
        "OUTSIDE_SERVICE_AREA" -> if (german) {
            "Ihre Adresse liegt außerhalb von Leipzig."
        } else {
            "Your address is outside Leipzig."
        }

        else -> null
    }

    private companion object {
        const val ID_CHECK_DE = "Bitte Ausweis beim ersten Besuch mitbringen"
        const val ID_CHECK_EN = "Please bring an ID to your first visit"
    }
}
