package de.leipzig.nahbeimir.presentation

import de.leipzig.nahbeimir.presentation.payments.PaymentTexts
import de.leipzig.nahbeimir.presentation.payments.RefusalReason
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The texts the payment screens take from codes the city sends. */
class PaymentTextsTest {
    private val de = PaymentTexts(AppLanguage.GERMAN)
    private val en = PaymentTexts(AppLanguage.ENGLISH)

    @Test
    fun `every refusal says that nothing was charged, in both languages`() {
        for (reason in RefusalReason.entries.filter { it != RefusalReason.NOT_FOUND }) {
            assertTrue(de.refusal(reason).contains("Es wurde nichts abgebucht."), "$reason")
            assertTrue(en.refusal(reason).contains("Nothing was charged."), "$reason")
        }
        assertEquals(RefusalReason.BOOKING_DATA_MISSING, RefusalReason.of("booking_data_missing"))
        assertEquals(RefusalReason.NOT_AVAILABLE, RefusalReason.of("NO_VALID_ORIGINATOR_OR_ENDPOINT"))
        assertEquals(RefusalReason.OTHER, RefusalReason.of("SOMETHING_NEW"))
        assertEquals(de.refusal(RefusalReason.OTHER), de.refusal(null as String?))
        assertFalse(RefusalReason.BOOKING_DATA_MISSING.retryable)
        assertTrue(RefusalReason.PAYMENT_EXISTS.retryable)
    }

    @Test
    fun `payment methods read as the citizen knows them`() {
        assertEquals("PayPal", de.method("PAYPAL", null))
        assertEquals("Kreditkarte", de.method("CREDITCARD", null))
        assertEquals("Credit card", en.method("CREDITCARD", null))
        assertEquals("Wero", de.method("OTHER", "Wero"))
        assertEquals("Andere Zahlungsart", de.method("OTHER", " "))
        assertNull(de.method(null, null))
    }
}
