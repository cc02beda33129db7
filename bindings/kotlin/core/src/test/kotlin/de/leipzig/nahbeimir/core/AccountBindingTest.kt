package de.leipzig.nahbeimir.core

import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.testkit.HeadlessLogin
import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.RecordingLogger
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.nio.file.Path
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
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

/** Login through the generated bindings, with the secret store implemented in Kotlin. */
class AccountBindingTest {
    @TempDir
    lateinit var dir: Path

    private var sandbox: SandboxProcess? = null

    @AfterEach
    fun stopSandbox() {
        sandbox?.close()
    }

    private val redirect = "de.leipzig.nahbeimir:/oauth2redirect"

    @Test
    fun `log in at the sandbox provider, keep the token in the Kotlin store, log out`() = runBlocking<Unit> {
        val s = SandboxProcess.start(dir).also { sandbox = it }
        val secrets = MemorySecretStore()
        val logger = RecordingLogger()
        App.open(s.clientConfig(), dir.resolve("data").toString(), secrets, logger).use { app ->
            app.account().use { account ->
                assertNull(account.whoami())
                val request = account.beginLogin(redirect)
                assertTrue(request.url.contains("code_challenge_method=S256"), request.url)
                val answer = HeadlessLogin.login(request.url, "demo-adult", "demo")
                assertTrue(answer.startsWith(redirect), answer)

                // Someone else's answer (wrong state) is refused and does not end this login.
                val forged = answer.replace(Regex("state=[^&]+"), "state=forged")
                assertThrows<ApiException.Unauthorized> { runBlocking { account.completeLogin(forged) } }

                val who = account.completeLogin(answer)
                assertEquals("Erika Mustermann", who.name)
                assertEquals("04275", who.postalCode)
                assertEquals(who, account.whoami())
                assertNotNull(secrets.get("oidc.refresh_token"), "the refresh token is in the platform store")
                val token = String(secrets.get("oidc.refresh_token") ?: ByteArray(0))
                assertTrue(logger.lines.none { it.contains(token) || it.contains("Mustermann") }, "${logger.lines}")

                val told = async { withTimeout(10_000) { account.changes().take(2).toList() } }
                delay(200)
                val report = account.logout(false)
                assertTrue(report.endedAtProvider)
                assertEquals(2, told.await().size, "the listener heard the logout")
                assertNull(account.whoami())
                assertNull(secrets.get("oidc.refresh_token"))
                assertNull(secrets.get("oidc.identity"))
                assertFalse(logger.lines.any { it.contains("Erika") })
            }
        }
    }
}
