package de.leipzig.nahbeimir.presentation

import java.time.Instant
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class FormatsTest {
    private val de = Formats(AppLanguage.GERMAN)
    private val en = Formats(AppLanguage.ENGLISH)

    @Test
    fun `times are Leipzig local time in both languages`() {
        val winter = Instant.parse("2026-11-24T09:15:00Z")
        assertEquals("24.11.2026, 10:15", de.dateTime(winter))
        assertEquals("24 Nov 2026, 10:15", en.dateTime(winter))
        val summer = Instant.parse("2026-07-01T22:30:00Z")
        assertEquals("02.07.2026, 00:30", de.dateTime(summer), "CEST, next day")
        assertEquals("2 Jul 2026", en.date(summer))
    }

    @Test
    fun `amounts come from cents, never floats`() {
        assertEquals("25,00\u00a0€", de.amount(2500))
        assertEquals("€25.00", en.amount(2500))
        assertEquals("1.234.567,05\u00a0€", de.amount(123_456_705))
        assertEquals("€1,234,567.05", en.amount(123_456_705))
        assertEquals("-12,50\u00a0€", de.amount(-1250))
        assertEquals("0,00\u00a0€", de.amount(0))
    }

    @Test
    fun `the city's times and days are shown in Leipzig time, or as they came`() {
        assertEquals("24.11.2026, 10:15", de.timestamp("2026-11-24T09:15:00Z"))
        assertEquals("24.11.2026, 10:15", de.timestamp("2026-11-24T10:15:00+01:00"))
        assertEquals("24 Nov 2026, 10:15", en.timestamp("2026-11-24T09:15:00.123Z"))
        assertEquals("gestern", de.timestamp("gestern"))
        assertEquals("31.12.2026", de.isoDay("2026-12-31"))
        assertEquals("31 Dec 2026", en.isoDay("2026-12-31"))
        assertEquals("bald", de.isoDay("bald"))
    }

    @Test
    fun `distances switch to kilometres`() {
        assertEquals("850\u00a0m", de.distance(849.6))
        assertEquals("1,2\u00a0km", de.distance(1_234.0))
        assertEquals("1.2\u00a0km", en.distance(1_234.0))
        assertEquals("12,0\u00a0km", de.distance(11_999.0))
    }

    @Test
    fun `coming moments are as short as they stay clear`() {
        val now = Instant.parse("2026-11-17T09:00:00Z") // Tuesday, 10:00 in Leipzig
        assertEquals("18:00", de.moment(Instant.parse("2026-11-17T17:00:00Z"), now))
        assertEquals("Do 09:00", de.moment(Instant.parse("2026-11-19T08:00:00Z"), now))
        assertEquals("Thu 09:00", en.moment(Instant.parse("2026-11-19T08:00:00Z"), now))
        assertEquals("Mo 00:30", de.moment(Instant.parse("2026-11-22T23:30:00Z"), now), "Leipzig's Monday")
        assertEquals("24.11.2026, 09:00", de.moment(Instant.parse("2026-11-24T08:00:00Z"), now))
    }

    @Test
    fun `language tags fall back to German`() {
        assertEquals(AppLanguage.ENGLISH, AppLanguage.fromTag("en-GB"))
        assertEquals(AppLanguage.GERMAN, AppLanguage.fromTag("de-DE"))
        assertEquals(AppLanguage.GERMAN, AppLanguage.fromTag("pl"))
        assertEquals(AppLanguage.GERMAN, AppLanguage.fromTag(null))
    }
}
