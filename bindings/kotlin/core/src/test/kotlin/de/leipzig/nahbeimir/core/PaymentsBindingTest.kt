package de.leipzig.nahbeimir.core

import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.testkit.HeadlessLogin
import de.leipzig.nahbeimir.testkit.HeadlessPay
import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/** Fees and payments through the generated Kotlin bindings, paid on the sandbox's payment page. */
class PaymentsBindingTest {
    @TempDir
    lateinit var dir: Path

    private var sandbox: SandboxProcess? = null
    private val keystore = MemorySecretStore()
    private val redirect = "de.leipzig.nahbeimir:/oauth2redirect"

    @AfterEach
    fun stopSandbox() {
        sandbox?.close()
    }

    private fun openApp(s: SandboxProcess): App =
        App.open(s.clientConfig(), dir.resolve("data").toString(), keystore, null)

    private suspend fun logIn(app: App, user: String = "demo-adult") {
        app.account().use { account ->
            val request = account.beginLogin(redirect)
            account.completeLogin(HeadlessLogin.login(request.url, user, "demo"))
        }
    }

    @Test
    fun `pay the library fee on the payment page, hear PAYED from the listener, keep the receipt`() =
        runBlocking<Unit> {
            val s = SandboxProcess.start(dir).also { sandbox = it }
            openApp(s).use { app ->
                // What the shells do right after opening: nothing to reconcile before a login.
                app.sync().use { it.resume() }
                logIn(app)
                app.payments().use { payments ->
                    val fees = payments.refreshFees()
                    val library = fees.first { it.title == "Jahresgebühr Bibliotheksausweis" }
                    assertEquals(2500L, library.amountCents)
                    assertEquals("EUR", library.currency)
                    assertEquals(FeeState.OPEN, library.state)
                    assertTrue(library.payable)
                    assertEquals(fees, payments.fees(), "the fee list is kept on the phone")

                    // The listener is there before anything is paid.
                    val seen = CopyOnWriteArrayList<PaymentState>()
                    val listening = CompletableDeferred<Unit>()
                    val heard = async(Dispatchers.Default) {
                        payments.changes()
                            .onEach { list ->
                                seen += list.map { it.state }
                                listening.complete(Unit)
                            }
                            .first { list -> list.any { it.state == PaymentState.PAYED } }
                            .first { it.state == PaymentState.PAYED }
                    }
                    withTimeout(10_000) { listening.await() }

                    val started = payments.start(library.subject)
                    assertFalse(started.alreadyPaid)
                    assertNull(started.notSentReason)
                    assertEquals(PaymentState.INITIAL, started.payment.state)
                    assertEquals(2500L, started.payment.amountCents, "the amount comes from the city")
                    val page = started.paypageUrl ?: error("no payment page: $started")

                    val link =
                        HeadlessPay.pay(page, HeadlessPay.Choice.PAYPAL) ?: error("the browser did not come back")
                    assertTrue(link.startsWith("https://app.leipzig.de/pay/return?paymentId="), link)
                    val answer = payments.handleReturn(link)
                    assertEquals(PaymentState.PAYED, answer.state)

                    val paid = withTimeout(30_000) { heard.await() }
                    assertEquals(started.payment.id, paid.id)
                    assertEquals("PAYPAL", paid.paymentMethod)
                    assertNotNull(paid.transactionReference, "a Kassenzeichen once paid")
                    assertNull(paid.paypageUrl)
                    assertTrue(seen.contains(PaymentState.INITIAL), "the listener saw the open payment: $seen")

                    val receipt = payments.receipt(paid.id)
                    assertEquals(2500L, receipt.amountCents)
                    assertEquals(paid.paymentId, receipt.paymentId)
                    assertEquals(paid.transactionReference, receipt.transactionReference)
                    assertTrue(receipt.payeeName.contains("Leipzig"), receipt.payeeName)
                    val pdf = payments.receiptPdf(paid.id)
                    assertEquals("%PDF-", String(pdf.copyOfRange(0, 5), Charsets.US_ASCII))
                    val files = payments.exportReceipt(paid.id, dir.resolve("export/quittung.pdf").toString())
                    assertArrayEquals(pdf, Files.readAllBytes(Path.of(files.first())))
                    assertEquals(paid, payments.get(paid.id))
                    assertEquals(paid.id, payments.list().first().id)

                    // Paying again gives the receipt, not a second charge.
                    val again = payments.start(library.subject)
                    assertTrue(again.alreadyPaid)
                    assertEquals(paid.id, again.payment.id)
                    assertNull(again.paypageUrl)
                }
            }
        }

    @Test
    fun `a fee the payment service cannot book is refused with its code`() = runBlocking<Unit> {
        val s = SandboxProcess.start(dir).also { sandbox = it }
        openApp(s).use { app ->
            logIn(app)
            app.payments().use { payments ->
                val fee = payments.refreshFees().first { it.title == "Säumniszuschlag Hundesteuer" }
                val refused = assertThrows<ApiException.PaymentRefused> {
                    runBlocking { payments.start(fee.subject) }
                }
                assertEquals("BOOKING_DATA_MISSING", refused.code)
                val kept = payments.list().single()
                assertEquals(PaymentState.ERROR, kept.state, "nothing was charged, and the phone says so")
                assertEquals("BOOKING_DATA_MISSING", kept.errorCode)
                assertThrows<ApiException> { payments.receipt(kept.id) }
            }
        }
    }
}
