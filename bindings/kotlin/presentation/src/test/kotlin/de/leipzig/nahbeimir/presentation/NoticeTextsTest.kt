package de.leipzig.nahbeimir.presentation

import de.leipzig.nahbeimir.core.DeadlineKind
import de.leipzig.nahbeimir.presentation.notices.DeadlineStatus
import de.leipzig.nahbeimir.presentation.notices.NoticeTexts
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The deadline and reply texts every shell shows the same way. */
class NoticeTextsTest {
    private val de = NoticeTexts(AppLanguage.GERMAN)
    private val en = NoticeTexts(AppLanguage.ENGLISH)

    @Test
    fun `days left, today, expired and met in both languages`() {
        val objection = DeadlineKind.OBJECTION
        assertEquals("noch 12 Tage", de.remaining(DeadlineStatus.OPEN, 12, objection))
        assertEquals("noch 1 Tag", de.remaining(DeadlineStatus.OPEN, 1, objection))
        assertEquals("heute", de.remaining(DeadlineStatus.TODAY, 0, objection))
        assertEquals("abgelaufen", de.remaining(DeadlineStatus.PASSED, -3, objection))
        assertEquals("Widerspruch eingegangen", de.remaining(DeadlineStatus.MET, 4, objection))
        assertEquals("bezahlt", de.remaining(DeadlineStatus.MET, 4, DeadlineKind.PAYMENT))
        assertEquals("Frist beginnt mit dem Abruf", de.remaining(DeadlineStatus.NOT_FIXED, null, objection))
        assertEquals("12 days left", en.remaining(DeadlineStatus.OPEN, 12, objection))
        assertEquals("1 day left", en.remaining(DeadlineStatus.OPEN, 1, objection))
        assertEquals("today", en.remaining(DeadlineStatus.TODAY, 0, objection))
        assertEquals("expired", en.remaining(DeadlineStatus.PASSED, -1, objection))
        assertEquals("Zahlungsfrist", de.deadlineName(DeadlineKind.PAYMENT, "PAYMENT"))
        assertEquals("Objection deadline", en.deadlineName(objection, "WIDERSPRUCH"))
        assertEquals("Anhoerung", de.deadlineName(DeadlineKind.OTHER, "ANHOERUNG"))
    }

    @Test
    fun `the loud warning, receipts, refusals, channels and sizes`() {
        assertEquals("Noch nicht beim Amt eingegangen", de.notReceived)
        assertEquals("Not yet received by the office", en.notReceived)
        assertEquals("Beim Amt eingegangen am 26.11.2026, 10:15", de.received("26.11.2026, 10:15"))
        assertEquals("Vom Amt nicht angenommen", de.refused(null))
        assertEquals("Not accepted by the office: too late", en.refused("too late"))
        assertEquals("BundID-Postfach", de.channel("BUNDID_POSTFACH"))
        assertEquals("Leipzig-App", en.channel("LEIPZIG_APP"))
        assertEquals("512\u00a0B", de.fileSize(512))
        assertEquals("84\u00a0KB", de.fileSize(86_000))
        assertEquals("1,2\u00a0MB", de.fileSize(1_250_000))
        assertEquals("1.2\u00a0MB", en.fileSize(1_250_000))
    }
}
