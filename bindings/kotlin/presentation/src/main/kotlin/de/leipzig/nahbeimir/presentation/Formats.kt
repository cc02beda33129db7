package de.leipzig.nahbeimir.presentation

import java.time.Instant
import java.time.LocalDate
import java.time.OffsetDateTime
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException
import java.util.Locale
import kotlin.math.abs
import kotlin.math.roundToLong

/** The languages the app speaks. German is the default; English for everyone else. */
enum class AppLanguage(val tag: String) {
    GERMAN("de"),
    ENGLISH("en")
    ;

    /** The locale used for formatting. */
    val locale: Locale get() = Locale.forLanguageTag(tag)

    companion object {
        /** The language for a BCP 47 tag such as `de-DE` or `en`; German when unknown. */
        fun fromTag(tag: String?): AppLanguage =
            entries.firstOrNull { tag?.lowercase()?.startsWith(it.tag) == true } ?: GERMAN
    }
}

/** Leipzig's time zone: every time is shown as local Leipzig time. */
val LEIPZIG: ZoneId = ZoneId.of("Europe/Berlin")

/**
 * How the screens write dates, amounts and distances in one language. Fixed
 * patterns (not the platform's locale data) so Android, the JVM tests and the
 * iOS mirror (`ios/App/Presentation/Formats.swift`) print the same text.
 */
class Formats(val language: AppLanguage, private val zone: ZoneId = LEIPZIG) {
    private val dateTimeFormat = DateTimeFormatter
        .ofPattern(if (language == AppLanguage.GERMAN) "dd.MM.yyyy, HH:mm" else "d MMM yyyy, HH:mm", language.locale)
        .withZone(zone)
    private val dateFormat = DateTimeFormatter
        .ofPattern(if (language == AppLanguage.GERMAN) "dd.MM.yyyy" else "d MMM yyyy", language.locale)
        .withZone(zone)
    private val timeFormat = DateTimeFormatter.ofPattern("HH:mm").withZone(zone)

    /** `24.11.2026, 10:15` / `24 Nov 2026, 10:15`. */
    fun dateTime(instant: Instant): String = dateTimeFormat.format(instant)

    /** `24.11.2026` / `24 Nov 2026`. */
    fun date(instant: Instant): String = dateFormat.format(instant)

    /** A calendar day: `24.11.2026` / `24 Nov 2026`. */
    fun day(date: LocalDate): String = dateFormat.format(date.atStartOfDay(zone))

    /** Epoch seconds (the core's slot and appointment times) as [dateTime]. */
    fun epoch(seconds: Long): String = dateTime(Instant.ofEpochSecond(seconds))

    /**
     * An RFC 3339 time from the city (`2026-11-24T09:15:00Z`, `…+01:00`) as [dateTime]; the
     * text as it came when it is not one.
     */
    fun timestamp(rfc3339: String): String = try {
        dateTime(OffsetDateTime.parse(rfc3339).toInstant())
    } catch (_: DateTimeParseException) {
        rfc3339
    }

    /** A calendar day from the city (`2026-12-31`) as [day]; the text as it came when it is not one. */
    fun isoDay(text: String): String = try {
        day(LocalDate.parse(text))
    } catch (_: DateTimeParseException) {
        text
    }

    /**
     * A coming moment as short as it stays clear, seen from [now]: `18:00` today,
     * `Do 09:00` / `Thu 09:00` within the next six days, else [dateTime]. For "open until"
     * and "opens" next to a facility.
     */
    fun moment(instant: Instant, now: Instant): String {
        val day = instant.atZone(zone).toLocalDate()
        val days = day.toEpochDay() - now.atZone(zone).toLocalDate().toEpochDay()
        return when {
            days == 0L -> timeFormat.format(instant)
            days in 1..6 -> "${weekdays.getValue(language)[day.dayOfWeek.value - 1]} ${timeFormat.format(instant)}"
            else -> dateTime(instant)
        }
    }

    /** Euro amounts from integer cents: `1.234,50 €` / `€1,234.50`. Never floats. */
    fun amount(cents: Long): String {
        val sign = if (cents < 0) "-" else ""
        val whole = abs(cents) / 100
        val fraction = (abs(cents) % 100).toString().padStart(2, '0')
        return when (language) {
            AppLanguage.GERMAN -> "$sign${group(whole, '.')},$fraction\u00a0€"
            AppLanguage.ENGLISH -> "$sign€${group(whole, ',')}.$fraction"
        }
    }

    /** `850 m`, then kilometres with one decimal: `1,2 km` / `1.2 km`. */
    fun distance(metres: Double): String {
        val rounded = metres.roundToLong()
        if (rounded < 1_000) return "$rounded\u00a0m"
        val tenths = (metres / 100).roundToLong()
        val separator = if (language == AppLanguage.GERMAN) ',' else '.'
        return "${tenths / 10}$separator${tenths % 10}\u00a0km"
    }

    private companion object {
        /** Fixed short weekday names, Monday first (no locale data: iOS prints the same). */
        val weekdays = mapOf(
            AppLanguage.GERMAN to listOf("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
            AppLanguage.ENGLISH to listOf("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        )
    }

    private fun group(value: Long, separator: Char): String =
        value.toString().reversed().chunked(3).joinToString(separator.toString()).reversed()
}
