package de.leipzig.nahbeimir.presentation.notices

import de.leipzig.nahbeimir.core.DeadlineKind
import de.leipzig.nahbeimir.presentation.AppLanguage

/**
 * The notice texts that depend on the city's dates and on where a reply stands, in one
 * language: days left, deadline names, the loud "not yet received" warning, the channel a
 * notice came by, file sizes. Fixed here rather than in the shells' resources so that every
 * shell says exactly the same about a deadline (the SwiftUI mirror ports this table);
 * everything else on the notice screens is the shells' own text.
 */
class NoticeTexts(private val language: AppLanguage) {
    private val german = language == AppLanguage.GERMAN

    /** "noch 5 Tage", "noch 1 Tag", "heute", "abgelaufen", … for a deadline in [status]. */
    fun remaining(status: DeadlineStatus, daysLeft: Long?, kind: DeadlineKind): String = when (status) {
        DeadlineStatus.NOT_FIXED -> if (german) "Frist beginnt mit dem Abruf" else "Starts when you open the notice"

        DeadlineStatus.OPEN -> {
            val days = daysLeft ?: 0
            when {
                german && days == 1L -> "noch 1 Tag"
                german -> "noch $days Tage"
                days == 1L -> "1 day left"
                else -> "$days days left"
            }
        }

        DeadlineStatus.TODAY -> if (german) "heute" else "today"

        DeadlineStatus.PASSED -> if (german) "abgelaufen" else "expired"

        DeadlineStatus.MET -> when (kind) {
            DeadlineKind.PAYMENT -> if (german) "bezahlt" else "paid"
            DeadlineKind.OBJECTION -> if (german) "Widerspruch eingegangen" else "objection received"
            DeadlineKind.OTHER -> if (german) "erledigt" else "done"
        }
    }

    /** "Widerspruchsfrist", "Zahlungsfrist", else the city's name of the deadline. */
    fun deadlineName(kind: DeadlineKind, name: String): String = when (kind) {
        DeadlineKind.OBJECTION -> if (german) "Widerspruchsfrist" else "Objection deadline"
        DeadlineKind.PAYMENT -> if (german) "Zahlungsfrist" else "Payment due"
        DeadlineKind.OTHER -> name.lowercase().replaceFirstChar { it.titlecase() }
    }

    /** The loud warning while a reply is only on this phone. */
    val notReceived: String
        get() = if (german) NOT_RECEIVED_DE else NOT_RECEIVED_EN

    /** Why [notReceived] matters. */
    val notReceivedDetail: String
        get() = if (german) {
            "Ihre Antwort ist nur auf diesem Telefon gespeichert und wahrt die Frist erst, wenn das Amt " +
                "den Eingang bestätigt. Sie wird gesendet, sobald eine Verbindung besteht."
        } else {
            "Your reply is only saved on this phone; it meets the deadline once the office confirms " +
                "receipt. It is sent as soon as there is a connection."
        }

    /** "Beim Amt eingegangen am 26.11.2026, 10:15". */
    fun received(at: String): String = if (german) "Beim Amt eingegangen am $at" else "Received by the office on $at"

    /** A reply the city refused, with its reason when there is one. */
    fun refused(reason: String?): String {
        val head = if (german) "Vom Amt nicht angenommen" else "Not accepted by the office"
        return if (reason.isNullOrBlank()) head else "$head: $reason"
    }

    /** How the notice came: "Leipzig-App", "BundID-Postfach", "Post". */
    fun channel(channel: String): String = when (channel.uppercase()) {
        "LEIPZIG_APP" -> "Leipzig-App"
        "BUNDID_POSTFACH" -> if (german) "BundID-Postfach" else "BundID mailbox"
        "POST" -> if (german) "Post" else "Letter"
        else -> channel
    }

    /** `840 KB`, `1,2 MB` / `1.2 MB`; bytes below a kilobyte as `512 B`. */
    fun fileSize(bytes: Long): String {
        val separator = if (german) ',' else '.'
        return when {
            bytes < 1_024 -> "$bytes\u00a0B"

            bytes < 1_024 * 1_024 -> "${(bytes + 512) / 1_024}\u00a0KB"

            else -> {
                val tenths = (bytes * 10 + 512 * 1_024) / (1_024 * 1_024)
                "${tenths / 10}$separator${tenths % 10}\u00a0MB"
            }
        }
    }

    private companion object {
        const val NOT_RECEIVED_DE = "Noch nicht beim Amt eingegangen"
        const val NOT_RECEIVED_EN = "Not yet received by the office"
    }
}
