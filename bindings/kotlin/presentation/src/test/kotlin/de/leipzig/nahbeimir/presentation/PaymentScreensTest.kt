// The payment screens' state holders against the real core, a sandbox process and its payment page.
package de.leipzig.nahbeimir.presentation

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.App
import de.leipzig.nahbeimir.core.PaymentState
import de.leipzig.nahbeimir.presentation.payments.FeeRow
import de.leipzig.nahbeimir.presentation.payments.FeeStatus
import de.leipzig.nahbeimir.presentation.payments.FeesBanner
import de.leipzig.nahbeimir.presentation.payments.FeesPhase
import de.leipzig.nahbeimir.presentation.payments.FeesStateHolder
import de.leipzig.nahbeimir.presentation.payments.PayEffect
import de.leipzig.nahbeimir.presentation.payments.PayPhase
import de.leipzig.nahbeimir.presentation.payments.PayState
import de.leipzig.nahbeimir.presentation.payments.PaymentStateHolder
import de.leipzig.nahbeimir.presentation.payments.PaymentStatus
import de.leipzig.nahbeimir.presentation.payments.PaymentsStateHolder
import de.leipzig.nahbeimir.presentation.settings.LanguageSetting
import de.leipzig.nahbeimir.presentation.settings.MemoryPreferenceStore
import de.leipzig.nahbeimir.testkit.HeadlessLogin
import de.leipzig.nahbeimir.testkit.HeadlessPay
import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.nio.file.Files
import java.nio.file.Path
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** The payment screens' state holders against the real core, a sandbox process and its payment page. */
class PaymentScreensTest {
    @TempDir
    lateinit var dir: Path

    private var sandbox: SandboxProcess? = null
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    private val keystore = MemorySecretStore()
    private val language = LanguageSetting(MemoryPreferenceStore(), "de", scope)
    private val formats = language.formats
    private val redirect = "de.leipzig.nahbeimir:/oauth2redirect"

    @AfterEach
    fun stop() {
        scope.cancel()
        sandbox?.close()
    }

    private fun start(): SandboxProcess = SandboxProcess.start(dir).also { sandbox = it }

    private fun openApp(s: SandboxProcess): App =
        App.open(s.clientConfig(), dir.resolve("data").toString(), keystore, null)

    private suspend fun <T> StateFlow<T>.await(what: String, seconds: Long = 30, predicate: (T) -> Boolean): T = try {
        withTimeout(seconds * 1_000) { first(predicate) }
    } catch (e: Exception) {
        throw AssertionError("state never became $what; last: $value", e)
    }

    private suspend fun logIn(app: App) {
        val account = app.account()
        val request = account.beginLogin(redirect)
        account.completeLogin(HeadlessLogin.login(request.url, "demo-adult", "demo"))
    }

    /** A logged-in citizen whose fees are on the phone; the fee titled [title]. */
    private suspend fun feeOf(app: App, title: String): FeeRow {
        val fees = FeesStateHolder(app.payments(), scope, formats)
        return fees.state.await("fees") { s -> !s.refreshing && s.open.any { it.title == title } }
            .open.first { it.title == title }
    }

    /** Pays: "pay now", the page opens in the browser (the effect), the citizen chooses there. */
    private suspend fun PaymentStateHolder.payOnPage(choice: HeadlessPay.Choice): String? {
        state.await("ready") { it.phase == PayPhase.READY }
        val effect = CoroutineScope(Dispatchers.Default).async { withTimeout(30_000) { effects.first() } }
        pay()
        val open = state.await("page open") { it.phase == PayPhase.OPEN_PAGE }
        val url = (effect.await() as PayEffect.OpenInBrowser).url
        assertEquals(open.pageUrl, url)
        return HeadlessPay.pay(url, choice)
    }

    private suspend fun PaymentStateHolder.paid(): PayState =
        state.await("paid with its receipt") { it.phase == PayPhase.PAID && it.receipt != null }

    @Test
    fun `what I owe asks for a login, loads from the city, stays on the phone offline`() = runBlocking<Unit> {
        val s = start()
        val app = openApp(s)
        val before = FeesStateHolder(app.payments(), scope, formats)
        val refused = before.state.await("login needed") { it.phase == FeesPhase.ERROR }
        assertEquals(ErrorKind.UNAUTHORIZED, refused.error)

        logIn(app)
        before.refresh()
        val fees = before.state.await("loaded") { it.phase == FeesPhase.CONTENT && !it.refreshing }
        val library = fees.open.first { it.title == "Jahresgebühr Bibliotheksausweis" }
        assertEquals("25,00\u00a0€", library.amount)
        assertEquals("31.12.2026", library.due)
        assertEquals(FeeStatus.OPEN, library.status)
        assertTrue(library.canPay)
        assertFalse(library.notice)
        assertTrue(fees.open.any { it.notice }, "the Bescheid is listed too")
        assertEquals(formats.value.amount(fees.open.sumOf { it.amountCents }), fees.totalOpen)
        assertTrue(fees.paid.isEmpty())
        assertNull(fees.banner)

        // No connection: the fees stored on the phone, with a banner.
        s.stop()
        val offline = FeesStateHolder(app.payments(), scope, formats)
        val stored = offline.state.await("offline") { it.banner != null && !it.refreshing }
        assertEquals(FeesBanner.OFFLINE, stored.banner)
        assertEquals(fees.open.map { it.key }, stored.open.map { it.key })
        assertTrue(stored.canRetry)
        app.close()
    }

    @Test
    fun `pay by card, the page opens in the browser, the return link settles it, the receipt is kept`() =
        runBlocking<Unit> {
            val app = openApp(start())
            logIn(app)
            val fee = feeOf(app, "Jahresgebühr Bibliotheksausweis")
            val fees = FeesStateHolder(app.payments(), scope, formats)
            val list = PaymentsStateHolder(app.payments(), scope, formats)
            val pay = PaymentStateHolder(app.payments(), fee.subject, scope, formats)
            val ready = pay.state.await("ready") { it.phase == PayPhase.READY }
            assertEquals("Jahresgebühr Bibliotheksausweis", ready.title)
            assertEquals("25,00\u00a0€", ready.amount)

            val link = pay.payOnPage(HeadlessPay.Choice.CARD) ?: error("the browser did not come back")
            assertTrue(link.startsWith("https://app.leipzig.de/pay/return?paymentId="), link)
            pay.onReturn(link)
            val paid = pay.paid()
            val receipt = paid.receipt ?: error("no receipt")
            assertEquals("25,00\u00a0€", receipt.amount)
            assertEquals("Kreditkarte", receipt.method)
            assertTrue(receipt.fileName.matches(Regex("Quittung-[A-Za-z0-9._-]+\\.pdf")), receipt.fileName)
            assertFalse(paid.lateCorrection)
            assertFalse(paid.canRetry)
            val shared = pay.exportReceipt(dir.resolve("pay").toFile()) ?: error("no receipt to share")
            assertEquals("%PDF-", String(Files.readAllBytes(Path.of(shared.pdf)).copyOfRange(0, 5), Charsets.US_ASCII))

            // The fee list and "my payments" follow through the core's listener.
            fees.state.await("fee paid") { s -> s.paid.any { it.key == fee.key } }
            val row = list.state.await("listed paid") { s -> s.rows.firstOrNull()?.status == PaymentStatus.PAID }
                .rows.first()
            assertEquals(paid.paymentId, row.id)
            assertTrue(row.hasReceipt)
            assertEquals(receipt.reference, row.reference)
            assertEquals(0, list.state.value.checking)
            val export = list.exportReceipt(row.id, dir.resolve("share").toFile()) ?: error("${list.state.value}")
            assertTrue(export.pdf.endsWith(receipt.fileName), export.pdf)
            val pdf = Files.readAllBytes(Path.of(export.pdf))
            assertEquals("%PDF-", String(pdf.copyOfRange(0, 5), Charsets.US_ASCII))
            assertEquals("%PDF-", String(list.receiptPdf(row.id)!!.copyOfRange(0, 5), Charsets.US_ASCII))

            // Opened again for the same fee: already paid, with the receipt; nothing to pay.
            val again = PaymentStateHolder(app.payments(), fee.subject, scope, formats)
            val known = again.state.await("already paid") { it.phase == PayPhase.ALREADY_PAID }
            assertEquals(receipt.number, known.receipt?.number)
            again.pay()
            assertEquals(PayPhase.ALREADY_PAID, again.state.value.phase)
            app.close()
        }

    @Test
    fun `cancelled on the page, then tried again as a new payment, paid with Wero`() = runBlocking<Unit> {
        val app = openApp(start())
        logIn(app)
        val fee = feeOf(app, "Bewohnerparkausweis")
        val pay = PaymentStateHolder(app.payments(), fee.subject, scope, formats)

        val back = pay.payOnPage(HeadlessPay.Choice.CANCEL) ?: error("the browser did not come back")
        pay.onReturn(back)
        val cancelled = pay.state.await("cancelled") { it.phase == PayPhase.CANCELLED }
        assertTrue(cancelled.canRetry)
        val first = cancelled.paymentId ?: error("no payment")

        pay.retry()
        val open = pay.state.await("a new page") { it.phase == PayPhase.OPEN_PAGE }
        assertNotEquals(first, open.paymentId, "paying again is a new payment")
        pay.onReturn(HeadlessPay.pay(open.pageUrl ?: error("no page"), HeadlessPay.Choice.WERO) ?: error("no link"))
        assertEquals("Wero", pay.paid().receipt?.method)

        val payments = app.payments().list()
        assertEquals(2, payments.size)
        assertEquals(PaymentState.CANCELED, payments.first { it.id == first }.state, "the old one stays cancelled")
        app.close()
    }

    @Test
    fun `the browser never comes back, and back in the foreground the payment is found paid`() = runBlocking<Unit> {
        val s = start()
        val app = openApp(s)
        logIn(app)
        val fee = feeOf(app, "Vormerkgebühr")
        val pay = PaymentStateHolder(app.payments(), fee.subject, scope, formats)
        pay.state.await("ready") { it.phase == PayPhase.READY }
        pay.pay()
        val open = pay.state.await("page open") { it.phase == PayPhase.OPEN_PAGE }
        val cityId = app.payments().get(open.paymentId ?: error("no payment")).paymentId ?: error("not confirmed")
        s.control("payments/$cityId/outcome", """{"dropRedirect":true}""")

        assertNull(HeadlessPay.pay(open.pageUrl ?: error("no page"), HeadlessPay.Choice.PAYPAL))
        // No return link: the phone never calls that cancelled.
        assertEquals(PayPhase.OPEN_PAGE, pay.state.value.phase)
        pay.onForeground()
        val paid = pay.paid()
        assertEquals("PayPal", paid.receipt?.method)
        assertEquals("1,00\u00a0€", paid.amount)
        app.close()
    }

    @Test
    fun `a fee the payment service cannot book is refused with a German explanation`() = runBlocking<Unit> {
        val app = openApp(start())
        logIn(app)
        val fee = feeOf(app, "Säumniszuschlag Hundesteuer")
        val pay = PaymentStateHolder(app.payments(), fee.subject, scope, formats)
        pay.state.await("ready") { it.phase == PayPhase.READY }
        pay.pay()
        val refused = pay.state.await("refused") { it.phase == PayPhase.REFUSED }
        assertEquals("BOOKING_DATA_MISSING", refused.refusalCode)
        assertEquals(
            "Diese Gebühr kann noch nicht online bezahlt werden. Es wurde nichts abgebucht. " +
                "Bitte überweisen Sie den Betrag oder wenden Sie sich an das zuständige Amt.",
            refused.refusalText
        )
        assertFalse(refused.canRetry, "the same refusal would come again")
        assertNull(refused.pageUrl)

        language.select(AppLanguage.ENGLISH)
        pay.state.await("in English") { it.refusalText?.startsWith("This fee cannot be paid online yet.") == true }

        val row = PaymentsStateHolder(app.payments(), scope, formats).state
            .await("listed refused") { s -> s.rows.any { it.status == PaymentStatus.REFUSED } }
            .rows.first { it.status == PaymentStatus.REFUSED }
        assertTrue(row.refusalText?.contains("Nothing was charged.") == true, "${row.refusalText}")
        assertFalse(row.hasReceipt)
        assertEquals(ErrorKind.PAYMENT_REFUSED, ErrorKind.of(ApiException.PaymentRefused("X", "refused")))
        app.close()
    }
}
