package de.leipzig.nahbeimir.core

import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.testkit.HeadlessLogin
import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
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

/** Official notices through the generated Kotlin bindings: retrieval, PDFs, an objection sent offline. */
class NoticesBindingTest {
    @TempDir
    lateinit var dir: Path

    private var sandbox: SandboxProcess? = null
    private val keystore = MemorySecretStore()
    private val redirect = "de.leipzig.nahbeimir:/oauth2redirect"
    private val http = HttpClient.newHttpClient()

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

    /** A `GET /_sandbox/…` control's JSON. */
    private fun control(s: SandboxProcess, path: String): String = http.send(
        HttpRequest.newBuilder(URI.create("${s.url}_sandbox/$path")).GET().build(),
        HttpResponse.BodyHandlers.ofString()
    ).body()

    private fun Notice.objection(): NoticeDeadline = deadlines.first { it.kind == DeadlineKind.OBJECTION }

    @Test
    fun `open fixes the deadline, the PDF is verified, an objection made offline counts once the receipt arrives`() =
        runBlocking<Unit> {
            val s = SandboxProcess.start(dir).also { sandbox = it }
            openApp(s).use { app ->
                logIn(app)
                app.notices().use { notices ->
                    val synced = notices.sync()
                    assertEquals(4u, synced.changed)
                    assertFalse(synced.notModified)
                    assertTrue(notices.sync().let { it.notModified || it.changed == 0u }, "nothing new the second time")

                    val mailbox = notices.list(false)
                    assertEquals(4, mailbox.size, mailbox.map { it.subject }.toString())
                    val dogTax = mailbox.first { it.subject == "Bescheid über die Festsetzung der Hundesteuer 2026" }
                    assertTrue(dogTax.objection().atRisk, "due within 3 days: ${dogTax.objection()}")
                    val gone = mailbox.first { it.subject == "Anhörung zur Beseitigung einer Sondernutzung" }
                    assertFalse(gone.delivery.retrievable)

                    val fresh = mailbox.first { it.subject == "Gebührenbescheid Sondernutzung Gehweg" }
                    assertFalse(fresh.read)
                    assertNull(fresh.delivery.firstRetrievedAt)
                    assertNull(fresh.objection().dueAt, "no objection deadline before the retrieval")
                    assertEquals(4850L, fresh.amountDueCents)
                    assertTrue(fresh.payableOnline)
                    assertEquals(2, fresh.attachments.size)
                    assertTrue(ReplyKind.OBJECTION in fresh.allowedReplies)

                    // Opening is the retrieval: the city fixes the announcement and the deadline.
                    val opened = notices.open(fresh.id)
                    assertTrue(opened.read)
                    assertNotNull(opened.delivery.firstRetrievedAt)
                    assertNotNull(opened.delivery.bekanntgabeAt)
                    val due = opened.objection()
                    assertNotNull(due.dueAt, "the city fixed the objection deadline: $due")
                    assertTrue((due.daysLeft ?: 0) > 3, "about a month: $due")
                    assertFalse(due.atRisk)
                    notices.open(fresh.id)
                    val reports = control(s, "notices/retrievals")
                    assertTrue(Regex(""""reports"\s*:\s*1\b""").containsMatchIn(reports), reports)

                    val bescheid = opened.attachments.first()
                    val pdf = notices.attachment(fresh.id, bescheid.id)
                    assertEquals("%PDF-", String(pdf.copyOfRange(0, 5), Charsets.US_ASCII))
                    assertEquals(bescheid.sizeBytes, pdf.size.toULong())
                    assertTrue(notices.get(fresh.id).attachments.first().downloaded, "kept on the phone")
                    val files = notices.export(fresh.id, dir.resolve("export").toString())
                    assertEquals(3, files.size, "two PDFs and the JSON copy: $files")
                    assertTrue(files.all { Files.size(Path.of(it)) > 0 })

                    // Offline: the objection is saved on the phone, but it does not meet the deadline.
                    app.setOffline(true)
                    val declaration = notices.objectionDeclaration(fresh.id)
                    assertTrue(declaration.contains("verbindlich Widerspruch"), declaration)
                    val saved = notices.reply(
                        fresh.id,
                        ReplyDraft.Objection(
                            text = "Die Sondernutzung war genehmigt; die Gebühr ist zu hoch bemessen.",
                            bindingConfirmed = true,
                            confirmationText = declaration,
                            requestsSuspension = false
                        )
                    )
                    assertEquals(ReplyState.SAVED, saved.state)
                    assertNull(saved.receivedAt)
                    assertEquals(declaration, saved.confirmationText)
                    val waiting = notices.deadlines().first {
                        it.noticeId == fresh.id &&
                            it.kind == DeadlineKind.OBJECTION
                    }
                    assertTrue(waiting.atRisk, "only on the phone: $waiting")
                    assertFalse(waiting.met)

                    // Online again: the sync sends it; the listener hears of the city's receipt.
                    val listening = CompletableDeferred<Unit>()
                    val heard = async(Dispatchers.Default) {
                        notices.changes()
                            .onEach { listening.complete(Unit) }
                            .first { notices.replies(fresh.id).any { it.state == ReplyState.RECEIVED } }
                    }
                    withTimeout(10_000) { listening.await() }
                    app.setOffline(false)
                    app.sync().use { it.run() }
                    val list = withTimeout(30_000) { heard.await() }
                    assertTrue(list.first { it.id == fresh.id }.objection().met)

                    val received = notices.replies(fresh.id).single()
                    assertEquals(saved.id, received.id)
                    assertEquals(ReplyState.RECEIVED, received.state)
                    assertNotNull(received.receivedAt, "the city's time of receipt")
                    assertNotNull(received.receiptId)
                    val met = notices.deadlines().first { it.noticeId == fresh.id && it.kind == DeadlineKind.OBJECTION }
                    assertTrue(met.met)
                    assertFalse(met.atRisk)
                    val atCity = control(s, "notices/replies")
                    assertTrue(atCity.contains(saved.id), "the city has it once: $atCity")
                    assertEquals(1, Regex(Regex.escape(saved.id)).findAll(atCity).count(), atCity)
                }
            }
        }

    @Test
    fun `an objection without a reason or confirmation is refused on the phone and nothing is queued`() =
        runBlocking<Unit> {
            val s = SandboxProcess.start(dir).also { sandbox = it }
            openApp(s).use { app ->
                logIn(app)
                app.notices().use { notices ->
                    notices.sync()
                    val notice = notices.list(false).first { it.subject == "Gebührenbescheid Sondernutzung Gehweg" }
                    val declaration = notices.objectionDeclaration(notice.id)
                    val empty = assertThrows<ApiException.Validation> {
                        runBlocking { notices.reply(notice.id, ReplyDraft.Objection("   ", true, declaration, false)) }
                    }
                    assertEquals("text", empty.field)
                    val unconfirmed = assertThrows<ApiException.Validation> {
                        runBlocking {
                            notices.reply(notice.id, ReplyDraft.Objection("Zu hoch.", false, declaration, false))
                        }
                    }
                    assertEquals("confirmation", unconfirmed.field)
                    val noFiles = assertThrows<ApiException.Validation> {
                        runBlocking { notices.reply(notice.id, ReplyDraft.Upload(emptyList(), null)) }
                    }
                    assertEquals("files", noFiles.field)
                    assertTrue(notices.replies(notice.id).isEmpty())
                    app.outbox().use { outbox -> assertTrue(outbox.list().isEmpty(), "${outbox.list()}") }
                }
            }
        }
}
