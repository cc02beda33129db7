// The login, logout and profile state holders against the real core and a sandbox process.
package de.leipzig.nahbeimir.presentation

import de.leipzig.nahbeimir.core.App
import de.leipzig.nahbeimir.core.Contact
import de.leipzig.nahbeimir.core.Office
import de.leipzig.nahbeimir.core.Slot
import de.leipzig.nahbeimir.core.WatchState
import de.leipzig.nahbeimir.presentation.account.AccountPhase
import de.leipzig.nahbeimir.presentation.account.AccountState
import de.leipzig.nahbeimir.presentation.account.AccountStateHolder
import de.leipzig.nahbeimir.presentation.account.LogoutStep
import de.leipzig.nahbeimir.presentation.account.ProfileField
import de.leipzig.nahbeimir.presentation.account.ProfilePhase
import de.leipzig.nahbeimir.presentation.account.ProfileState
import de.leipzig.nahbeimir.presentation.account.ProfileStateHolder
import de.leipzig.nahbeimir.presentation.appointments.BookingStateHolder
import de.leipzig.nahbeimir.presentation.appointments.WatchesStateHolder
import de.leipzig.nahbeimir.presentation.home.HomeStateHolder
import de.leipzig.nahbeimir.presentation.settings.LanguageSetting
import de.leipzig.nahbeimir.presentation.settings.MemoryPreferenceStore
import de.leipzig.nahbeimir.testkit.HeadlessLogin
import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.net.URLEncoder
import java.nio.charset.StandardCharsets
import java.nio.file.Path
import java.time.LocalDate
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
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

/** The account screens' state holders against the real core and a sandbox process. */
class AccountScreensTest {
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

    private fun openApp(s: SandboxProcess): App =
        App.open(s.clientConfig(), dir.resolve("data").toString(), keystore, null)

    private suspend fun <T> StateFlow<T>.await(what: String, predicate: (T) -> Boolean): T = try {
        withTimeout(30_000) { first(predicate) }
    } catch (e: Exception) {
        throw AssertionError("state never became $what; last: $value", e)
    }

    private suspend fun AccountStateHolder.loggedOut(): AccountState =
        state.await("logged out") { !it.loading && !it.busy && it.phase == AccountPhase.LOGGED_OUT }

    /** Logs in as the sandbox's adult demo citizen, the way the shell does with a browser. */
    private suspend fun AccountStateHolder.logIn(): AccountState {
        loggedOut()
        val url = startLogin(redirect) ?: error("no login URL: ${state.value}")
        onRedirect(HeadlessLogin.login(url, "demo-adult", "demo"))
        return state.await("logged in") { it.phase == AccountPhase.LOGGED_IN && !it.busy }
    }

    @Test
    fun `log in in the browser, refuse a foreign answer, greet by name, log out`() = runBlocking<Unit> {
        val s = SandboxProcess.start(dir).also { sandbox = it }
        val app = openApp(s)
        val account = AccountStateHolder(app.account(), scope)
        val home = HomeStateHolder(app.news(), scope, formats, account = app.account())
        assertNull(account.loggedOut().identity)
        assertNull(home.state.value.accountName)

        // The browser was closed without logging in.
        assertNotNull(account.startLogin(redirect))
        assertEquals(AccountPhase.LOGGING_IN, account.state.value.phase)
        account.cancelLogin()
        account.loggedOut()

        // Someone else's answer (wrong state) fails the login, but not the one in the browser.
        val url = account.startLogin(redirect) ?: error("no login URL")
        assertTrue(url.contains("code_challenge_method=S256"), url)
        val answer = HeadlessLogin.login(url, "demo-adult", "demo")
        account.onRedirect(answer.replace(Regex("state=[^&]+"), "state=forged"))
        val refused = account.state.await("refused") { it.phase == AccountPhase.ERROR }
        assertEquals(ErrorKind.UNAUTHORIZED, refused.error)
        assertNull(refused.identity)
        account.onRedirect(answer)
        val inside = account.state.await("logged in") { it.phase == AccountPhase.LOGGED_IN && !it.busy }
        assertEquals("Erika Mustermann", inside.displayName)
        assertEquals("04275", inside.identity?.postalCode)
        assertNull(inside.error)
        home.state.await("home greets") { it.accountName == "Erika" }

        // A new screen reads the login from the phone.
        val again = AccountStateHolder(app.account(), scope)
        assertEquals("Erika Mustermann", again.state.await("read") { !it.loading }.displayName)

        account.requestLogout()
        assertEquals(LogoutStep.CONFIRMING, account.state.value.logout)
        account.cancelLogout()
        assertEquals(LogoutStep.IDLE, account.state.value.logout)
        account.requestLogout()
        account.logout()
        val out = account.loggedOut()
        assertEquals(true, out.endedAtProvider)
        assertNull(out.identity)
        assertNull(out.error)
        again.loggedOut()
        home.state.await("home offers the login") { it.accountName == null && !it.signedIn }
        assertNull(keystore.get("oidc.refresh_token"))
        app.close()
    }

    @Test
    fun `the answer still completes the login after the app was restarted meanwhile`() = runBlocking<Unit> {
        val s = SandboxProcess.start(dir).also { sandbox = it }
        val before = openApp(s)
        val first = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        val url = AccountStateHolder(before.account(), first).startLogin(redirect) ?: error("no login URL")
        first.cancel()
        before.close()

        val answer = HeadlessLogin.login(url, "demo-adult", "demo")
        val app = openApp(s)
        val account = AccountStateHolder(app.account(), scope)
        account.loggedOut()
        account.onRedirect(answer)
        account.state.await("logged in") { it.phase == AccountPhase.LOGGED_IN && !it.busy }

        // The citizen refused at the provider: an error, then a fresh login works.
        account.logout()
        account.loggedOut()
        val retry = account.startLogin(redirect) ?: error("no login URL")
        val state = Regex("[?&]state=([^&]+)").find(retry)?.groupValues?.get(1) ?: error("no state")
        val issuer = Regex("""oidc_issuer\s*=\s*"([^"]+)"""").find(s.clientConfig())?.groupValues?.get(1)
            ?: error("no issuer")
        val iss = URLEncoder.encode(issuer, StandardCharsets.UTF_8)
        account.onRedirect("$redirect?error=access_denied&state=$state&iss=$iss")
        val failed = account.state.await("failed") { it.phase == AccountPhase.ERROR }
        assertEquals(ErrorKind.UNAUTHORIZED, failed.error)
        account.dismissError()
        account.logIn()
        app.close()
    }

    @Test
    fun `logging out warns about actions not yet sent, and logging out anyway drops them`() = runBlocking<Unit> {
        val s = SandboxProcess.start(dir).also { sandbox = it }
        val app = openApp(s)
        val account = AccountStateHolder(app.account(), scope)
        account.logIn()
        val service = app.appointments().services().first { it.name == "Personalausweis beantragen" }

        s.stop()
        val watches = WatchesStateHolder(app.appointments(), scope, formats)
        val today = LocalDate.now()
        watches.add(service.id, listOf(10401u), today, today.plusDays(13))
        watches.state.await("watch saved on the phone") { w -> w.watches.singleOrNull()?.state == WatchState.SAVED }
        assertEquals(1u, app.outbox().unfinishedCount())

        account.requestLogout()
        account.logout()
        val warned = account.state.await("warned") { it.logout == LogoutStep.PENDING_ACTIONS }
        assertEquals(1, warned.pendingActions)
        assertEquals(AccountPhase.LOGGED_IN, warned.phase, "nothing was deleted")
        assertEquals(1u, app.outbox().unfinishedCount())
        account.cancelLogout()
        assertEquals(LogoutStep.IDLE, account.state.value.logout)

        account.logout(force = true)
        val out = account.loggedOut()
        assertEquals(false, out.endedAtProvider, "the provider was offline; the phone is wiped all the same")
        assertEquals(0u, app.outbox().unfinishedCount())
        watches.state.await("no watches") { it.watches.isEmpty() }
        assertFalse(out.busy)
        app.close()
    }

    private fun ProfileState.row(field: ProfileField): String? = rows.firstOrNull { it.field == field }?.value

    @Test
    fun `the profile comes from the login, is edited field by field, fills in bookings, and goes at logout`() =
        runBlocking<Unit> {
            val s = SandboxProcess.start(dir).also { sandbox = it }
            val app = openApp(s)
            val account = AccountStateHolder(app.account(), scope)
            val profile = ProfileStateHolder(app.account(), scope, formats)
            profile.state.await("nobody logged in") { it.phase == ProfilePhase.LOGGED_OUT }
            assertNull(profile.contact())
            account.logIn()

            val shown = profile.state.await("from the provider") { it.phase == ProfilePhase.VIEWING }
            assertEquals("Erika", shown.row(ProfileField.GIVEN_NAME))
            assertEquals("12.04.1985", shown.row(ProfileField.BIRTHDATE))
            assertEquals("Karl-Liebknecht-Straße 112", shown.row(ProfileField.STREET_ADDRESS))
            assertEquals("04275", shown.row(ProfileField.POSTAL_CODE))
            assertNull(shown.row(ProfileField.LEIPZIG_PASS))
            val contact = Contact("Mustermann", "erika.mustermann@example.org", "+49 341 1234567")
            assertEquals(contact, profile.contact())

            // The booking form starts with the profile's contact.
            val slot = Slot(10401u, "Bürgerbüro Otto-Schill-Straße", 1u, 1_800_000_000L, "2027-01-15T09:00:00+01:00")
            val office = Office(10401u, "Bürgerbüro", "Otto-Schill-Straße 2", null, null, true, true, false, null)
            val booking =
                BookingStateHolder(app.appointments(), slot, office, scope, formats, prefill = profile.contact())
            assertEquals("Mustermann", booking.state.value.name)
            assertEquals("erika.mustermann@example.org", booking.state.value.email)
            assertEquals("+49 341 1234567", booking.state.value.phone)

            profile.edit()
            val form = profile.state.await("editing") { it.phase == ProfilePhase.EDITING }.form
            assertEquals("12.04.1985", form[ProfileField.BIRTHDATE])
            assertEquals("", form[ProfileField.LEIPZIG_PASS])
            profile.update(ProfileField.POSTAL_CODE, "4275")
            profile.save()
            val wrongCode = profile.state.await("postcode refused") { it.invalidField != null }
            assertEquals(ProfileField.POSTAL_CODE, wrongCode.invalidField)
            assertEquals(ProfilePhase.EDITING, wrongCode.phase)
            profile.update(ProfileField.POSTAL_CODE, "04109")
            profile.state.await("typing in the field clears its error") { it.invalidField == null }
            profile.update(ProfileField.BIRTHDATE, "31.02.1985")
            profile.save()
            val wrongDate = profile.state.await("date refused") { it.invalidField != null }
            assertEquals(ProfileField.BIRTHDATE, wrongDate.invalidField)
            profile.update(ProfileField.BIRTHDATE, "1.5.1985")
            profile.update(ProfileField.LEIPZIG_PASS, " lp-2026-048213 ")
            profile.update(ProfileField.PHONE, "  ")
            profile.save()
            val saved = profile.state.await("saved") { it.phase == ProfilePhase.VIEWING && it.saved }
            assertEquals("04109", saved.row(ProfileField.POSTAL_CODE))
            assertEquals("01.05.1985", saved.row(ProfileField.BIRTHDATE))
            assertEquals("LP-2026-048213", saved.row(ProfileField.LEIPZIG_PASS))
            assertNull(saved.row(ProfileField.PHONE))
            assertEquals(contact.copy(telephone = null), profile.contact())
            profile.savedShown()
            profile.state.await("confirmed once") { !it.saved }

            // Another screen reads the same from the phone, in the other language too.
            val other = ProfileStateHolder(app.account(), scope, formats)
            other.state.await("read") { it.row(ProfileField.POSTAL_CODE) == "04109" }
            language.select(AppLanguage.ENGLISH)
            other.state.await("in English") { it.row(ProfileField.BIRTHDATE) == "1 May 1985" }
            other.edit()
            assertEquals("1985-05-01", other.state.await("form") { it.form.isNotEmpty() }.form[ProfileField.BIRTHDATE])
            other.cancelEdit()
            other.state.await("closed") { it.phase == ProfilePhase.VIEWING && it.form.isEmpty() }

            account.requestLogout()
            account.logout()
            account.loggedOut()
            profile.state.await("gone with the logout") { it.phase == ProfilePhase.LOGGED_OUT && it.rows.isEmpty() }
            assertNull(profile.contact())

            // Logged in again, the profile is the provider's again: nothing of the old one was kept.
            account.logIn()
            profile.state.await("from the provider again") { it.row(ProfileField.POSTAL_CODE) == "04275" }
            assertNull(profile.state.await("read") { it.phase == ProfilePhase.VIEWING }.row(ProfileField.LEIPZIG_PASS))
            app.close()
        }
}
