package de.leipzig.nahbeimir.core

import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.testkit.HeadlessLogin
import de.leipzig.nahbeimir.testkit.HeadlessPay
import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.nio.file.Path
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/** Ordering a library card through the generated Kotlin bindings: the fee paid, the desk visit, the card offline. */
class LibraryBindingTest {
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

    private suspend fun logIn(app: App, user: String) {
        app.account().use { account ->
            val request = account.beginLogin(redirect)
            account.completeLogin(HeadlessLogin.login(request.url, user, "demo"))
        }
    }

    @Test
    fun `a Leipzig-Pass card is paid, activated at the desk and shown offline`() = runBlocking<Unit> {
        val s = SandboxProcess.start(dir).also { sandbox = it }
        openApp(s).use { app ->
            logIn(app, "demo-pass")
            app.library().use { library ->
                val types = library.refreshCatalog()
                assertEquals(types, library.cardTypes(), "the catalogue is kept on the phone")
                val reduced = types.first { it.id == "REDUCED" }
                assertEquals(1250L, reduced.feeCents, "the city's fee")
                assertTrue(reduced.requiresLeipzigPass)
                assertEquals(2500L, types.first { it.id == "ADULT" }.feeCents)
                assertEquals(0L, types.first { it.id == "YOUTH" }.feeCents)
                assertTrue(library.branches().any { it.id == "lsb-0" && it.pickup })

                val draft = library.draft()
                assertEquals("Demir", draft.familyName, "prefilled from the profile")
                assertEquals("LP-2026-048213", draft.leipzigPass)

                // The phone checks the city's rules first: nothing is saved.
                val noPass = assertThrows<ApiException.Validation> {
                    runBlocking { library.order(draft.copy(cardType = "REDUCED", leipzigPass = "LP-26-1")) }
                }
                assertEquals("leipzig_pass", noPass.field)
                assertTrue(noPass.reason.contains("INVALID_LEIPZIG_PASS:"), noPass.reason)
                assertTrue(library.registrations().isEmpty())

                val listening = CompletableDeferred<Unit>()
                val heard = async(Dispatchers.Default) {
                    library.changes()
                        .onEach { listening.complete(Unit) }
                        .first { list -> list.any { it.state == RegistrationState.READY_FOR_ID_CHECK } }
                }
                withTimeout(10_000) { listening.await() }

                val ordered = library.order(draft.copy(cardType = "REDUCED", branchId = "lsb-0"))
                assertEquals(RegistrationState.PAYMENT_PENDING, ordered.state)
                assertEquals(1250L, ordered.feeCents)
                assertTrue(ordered.paymentDue)
                assertNull(ordered.card)

                val started = library.pay(ordered.id)
                assertFalse(started.alreadyPaid)
                assertEquals(1250L, started.payment.amountCents, "the amount comes from the city")
                val page = started.paypageUrl ?: error("no payment page: $started")
                val link = HeadlessPay.pay(page, HeadlessPay.Choice.PAYPAL) ?: error("the browser did not come back")
                app.payments().use { payments ->
                    assertEquals(PaymentState.PAYED, payments.handleReturn(link).state)
                }

                val ready = library.refresh().single()
                assertEquals(RegistrationState.READY_FOR_ID_CHECK, ready.state)
                assertFalse(ready.paymentDue)
                withTimeout(30_000) { heard.await() }

                // The desk visit with the ID check.
                s.control("library/registrations/${ordered.id}/activate", "{}")
                val active = library.refresh().single()
                assertEquals(RegistrationState.ACTIVE, active.state)
                val card = active.card ?: error("no card: $active")
                assertTrue(card.cardNumber.startsWith("LSB"), card.cardNumber)

                // At the counter without reception.
                app.setOffline(true)
                val offline = library.registrations().single()
                assertEquals(RegistrationState.ACTIVE, offline.state)
                assertEquals(card, offline.card)
                val barcode = library.barcode()
                assertEquals("CODE39", barcode.symbology)
                assertEquals(card.cardNumber, barcode.payload)
                assertTrue(barcode.svg.startsWith("<svg"), barcode.svg.take(80))
                assertTrue(barcode.svg.contains("<rect"))
                assertNotNull(offline.card?.validUntil)
            }
        }
    }
}
