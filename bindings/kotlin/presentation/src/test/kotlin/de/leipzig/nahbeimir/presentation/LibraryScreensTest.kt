// The library screens' state holders against the real core and a sandbox process.
package de.leipzig.nahbeimir.presentation

import de.leipzig.nahbeimir.core.App
import de.leipzig.nahbeimir.presentation.library.BarcodeBars
import de.leipzig.nahbeimir.presentation.library.CardPhase
import de.leipzig.nahbeimir.presentation.library.LibraryCardStateHolder
import de.leipzig.nahbeimir.presentation.library.LibraryEffect
import de.leipzig.nahbeimir.presentation.library.LibraryPhase
import de.leipzig.nahbeimir.presentation.library.LibraryStateHolder
import de.leipzig.nahbeimir.presentation.library.LibraryTexts
import de.leipzig.nahbeimir.presentation.library.OrderField
import de.leipzig.nahbeimir.presentation.payments.PayPhase
import de.leipzig.nahbeimir.presentation.payments.PaymentStateHolder
import de.leipzig.nahbeimir.presentation.settings.LanguageSetting
import de.leipzig.nahbeimir.presentation.settings.MemoryPreferenceStore
import de.leipzig.nahbeimir.testkit.HeadlessLogin
import de.leipzig.nahbeimir.testkit.HeadlessPay
import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.nio.file.Path
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** The library screens' state holders against the real core and a sandbox process. */
class LibraryScreensTest {
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

    private suspend fun logIn(app: App, user: String) {
        val account = app.account()
        val request = account.beginLogin(redirect)
        account.completeLogin(HeadlessLogin.login(request.url, user, "demo"))
    }

    @Test
    fun `the city's fees, a teenager needs a guardian, then a free card waits for the ID check`() = runBlocking<Unit> {
        val app = openApp(start())
        logIn(app, "demo-teen")
        val holder = LibraryStateHolder(app.library(), scope, formats)
        val order = holder.state.await("the order form with the city's fees") {
            it.phase == LibraryPhase.ORDER && !it.refreshing && it.cardTypes.size == 5 &&
                it.form.familyName.isNotEmpty()
        }
        val fees = order.cardTypes.associate { it.id to it.fee }
        assertEquals("25,00\u00a0€", fees["ADULT"])
        assertEquals("38,00\u00a0€", fees["DUO"])
        assertEquals("kostenlos", fees["YOUTH"])
        assertEquals("12,50\u00a0€", fees["REDUCED"])
        assertEquals("19,00\u00a0€", fees["REDUCED_DUO"])
        assertEquals("Jonas", order.form.givenName, "prefilled from the profile")
        assertEquals("Mustermann", order.form.familyName)
        assertEquals("01.06.2010", order.form.birthdate, "written the German way")
        assertEquals("YOUTH", order.form.cardType, "suggested for the age")
        assertTrue(order.cardTypes.single { it.selected }.free)
        assertTrue(order.needsGuardian)
        assertFalse(order.needsLeipzigPass)
        assertTrue(order.branches.any { it.id == "lsb-0" && it.selected })

        holder.submit()
        val refused = holder.state.await("the guardian refused") { it.invalidField == OrderField.GUARDIAN }
        assertEquals(LibraryPhase.ORDER, refused.phase)
        assertTrue(
            refused.invalidText!!.startsWith("Unter 18 Jahren muss ein Elternteil zustimmen"),
            refused.invalidText
        )
        assertTrue(app.library().registrations().isEmpty(), "nothing saved")

        holder.update {
            copy(
                guardianGivenName = "Petra",
                guardianFamilyName = "Neumann",
                guardianEmail = "petra.neumann@example.org"
            )
        }
        holder.state.await("typing clears the error") { it.invalidField == null }
        holder.submit()
        val ready = holder.state.await("ready for the ID check") { it.phase == LibraryPhase.READY_FOR_ID_CHECK }
        assertEquals("Bitte Ausweis beim ersten Besuch mitbringen", ready.statusText)
        assertTrue(ready.statusDetail!!.contains("Personalausweis"), ready.statusDetail)
        assertEquals("kostenlos", ready.registration?.fee)
        assertEquals("Ausweis Kinder und Jugendliche", ready.registration?.cardTypeName)
        assertFalse(ready.canPay, "nothing to pay")
        app.close()
    }

    @Test
    fun `an adult card is paid, activated at the desk and shown at the counter offline`() = runBlocking<Unit> {
        val s = start()
        val app = openApp(s)
        logIn(app, "demo-adult")
        val holder = LibraryStateHolder(app.library(), scope, formats)
        val order = holder.state.await("the order form") {
            it.phase == LibraryPhase.ORDER && !it.refreshing && it.cardTypes.isNotEmpty() &&
                it.form.familyName.isNotEmpty()
        }
        assertEquals("ADULT", order.form.cardType)
        assertFalse(order.needsGuardian)

        // A wrong e-mail is refused on the phone with the field named.
        holder.update { copy(email = "erika") }
        holder.submit()
        val email = holder.state.await("the e-mail refused") { it.invalidField == OrderField.EMAIL }
        assertEquals("Bitte eine E-Mail-Adresse angeben.", email.invalidText)
        holder.update { copy(email = "erika.mustermann@example.org") }

        holder.submit()
        val pending = holder.state.await("the fee to pay") { it.phase == LibraryPhase.PAYMENT_PENDING }
        assertEquals("Gebühr offen", pending.statusText)
        assertEquals("25,00\u00a0€", pending.registration?.fee)
        assertTrue(pending.canPay)

        val effect = async(Dispatchers.Default) { withTimeout(30_000) { holder.effects.first() } }
        delay(100)
        holder.pay()
        val pay = effect.await() as LibraryEffect.Pay
        val page = pay.pageUrl ?: error("no payment page")
        val screen = PaymentStateHolder(app.payments(), pay.subject, scope, formats)
        val open = screen.state.await("page open") { it.phase == PayPhase.OPEN_PAGE }
        assertEquals("25,00\u00a0€", open.amount)
        screen.onReturn(HeadlessPay.pay(page, HeadlessPay.Choice.PAYPAL) ?: error("no return link"))
        screen.state.await("paid") { it.phase == PayPhase.PAID }

        holder.refresh()
        val ready = holder.state.await("ready for the ID check") { it.phase == LibraryPhase.READY_FOR_ID_CHECK }
        assertEquals(LibraryTexts(AppLanguage.GERMAN).status(LibraryPhase.READY_FOR_ID_CHECK), ready.statusText)
        assertFalse(ready.canPay)

        val card = LibraryCardStateHolder(app.library(), scope, formats)
        card.state.await("no card before the desk") { it.phase == CardPhase.NO_CARD }

        s.control("library/registrations/${ready.registration!!.id}/activate", "{}")
        holder.state.await("refreshed") { !it.refreshing }
        holder.refresh()
        val active = holder.state.await("active") { it.phase == LibraryPhase.ACTIVE }
        assertTrue(active.registration?.cardNumber?.startsWith("LSB") == true, "${active.registration}")
        val shown = card.state.await("the card") { it.phase == CardPhase.CARD }.card!!
        assertEquals(active.registration?.cardNumber, shown.cardNumber)

        // At the counter without reception: a new screen reads the phone only.
        app.setOffline(true)
        val offline = LibraryCardStateHolder(app.library(), scope, formats)
        val view = offline.state.await("the card offline") { it.phase == CardPhase.CARD }.card!!
        assertEquals(shown.cardNumber, view.cardNumber)
        assertEquals("CODE39", view.symbology)
        assertTrue(view.svg.startsWith("<svg"), view.svg.take(80))
        val bars = view.bars ?: error("no bars in ${view.svg.take(80)}")
        assertTrue(bars.bars.size > 20, "${bars.bars.size} bars")
        assertTrue(bars.bars.all { it.x >= 0f && it.x + it.width <= bars.width })
        assertNotNull(view.validUntil)
        app.close()
    }

    @Test
    fun `the barcode's bars are read from the SVG rects, the background left out`() {
        val svg =
            """<svg version="1.1" viewBox="0 0 10 80"><rect x="0" y="0" width="10" height="80" fill="#FFFFFF" />""" +
                """<rect x="1" y="0" width="1" height="80" fill="#000000" />""" +
                """<rect x="2" y="0" width="1" height="80" fill="#000000" />""" +
                """<rect x="5" y="0" width="2" height="80" fill="#000000" /></svg>"""
        val bars = BarcodeBars.parse(svg)!!
        assertEquals(10f, bars.width)
        assertEquals(80f, bars.height)
        assertEquals(2, bars.bars.size, "adjacent bars merged: ${bars.bars}")
        assertEquals(1f, bars.bars[0].x)
        assertEquals(2f, bars.bars[0].width)
        assertEquals(5f, bars.bars[1].x)
        assertNull(BarcodeBars.parse("<svg></svg>"))
        assertEquals(OrderField.LEIPZIG_PASS, OrderField.ofCore("leipzig_pass"))
        assertEquals(OrderField.REGISTRATION, OrderField.ofCore("something_new"))
        assertTrue(
            LibraryTexts(
                AppLanguage.ENGLISH
            ).fieldError(OrderField.GUARDIAN, "MINOR_WITHOUT_GUARDIAN").startsWith("Under 18")
        )
    }
}
