// The notice screens' state holders against the real core and a sandbox process.
package de.leipzig.nahbeimir.presentation

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.App
import de.leipzig.nahbeimir.core.DeadlineKind
import de.leipzig.nahbeimir.core.ReplyDraft
import de.leipzig.nahbeimir.core.ReplyKind
import de.leipzig.nahbeimir.core.SubjectKind
import de.leipzig.nahbeimir.core.UploadFile
import de.leipzig.nahbeimir.presentation.notices.AttachmentStatus
import de.leipzig.nahbeimir.presentation.notices.DeadlineRow
import de.leipzig.nahbeimir.presentation.notices.DeadlineStatus
import de.leipzig.nahbeimir.presentation.notices.DeadlinesStateHolder
import de.leipzig.nahbeimir.presentation.notices.MailboxBanner
import de.leipzig.nahbeimir.presentation.notices.MailboxPhase
import de.leipzig.nahbeimir.presentation.notices.MailboxStateHolder
import de.leipzig.nahbeimir.presentation.notices.NoticeEffect
import de.leipzig.nahbeimir.presentation.notices.NoticeState
import de.leipzig.nahbeimir.presentation.notices.NoticeStateHolder
import de.leipzig.nahbeimir.presentation.notices.ReplyField
import de.leipzig.nahbeimir.presentation.notices.ReplyPhase
import de.leipzig.nahbeimir.presentation.notices.ReplyStateHolder
import de.leipzig.nahbeimir.presentation.notices.ReplyStatus
import de.leipzig.nahbeimir.presentation.payments.PayPhase
import de.leipzig.nahbeimir.presentation.payments.PaymentStateHolder
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
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/** The notice screens' state holders against the real core and a sandbox process. */
class NoticeScreensTest {
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

    /** A logged-in citizen whose mailbox is on the phone; the id of the notice titled [subject]. */
    private suspend fun noticeId(app: App, subject: String): String {
        app.notices().sync()
        return app.notices().list(false).first { it.subject == subject }.id
    }

    private fun NoticeState.objection(): DeadlineRow = deadlines.first { it.kind == DeadlineKind.OBJECTION }

    private fun pdf(path: String): String =
        String(Files.readAllBytes(Path.of(path)).copyOfRange(0, 5), Charsets.US_ASCII)

    @Test
    fun `the mailbox asks for a login, lists four notices with the dog tax at risk, stays offline`() =
        runBlocking<Unit> {
            val app = openApp(start())
            val mailbox = MailboxStateHolder(app.notices(), scope, formats)
            val refused = mailbox.state.await("login needed") { it.phase == MailboxPhase.ERROR }
            assertEquals(ErrorKind.UNAUTHORIZED, refused.error)

            logIn(app)
            mailbox.refresh()
            val loaded = mailbox.state.await("four notices") {
                it.phase == MailboxPhase.CONTENT && !it.refreshing && it.rows.size == 4
            }
            assertEquals(4, loaded.unread, "nothing opened on this phone yet")
            assertTrue(loaded.rows.all { it.unread })
            assertNull(loaded.banner)

            val dogTax = loaded.rows.first { it.subject == "Bescheid über die Festsetzung der Hundesteuer 2026" }
            assertTrue(dogTax.atRisk, "$dogTax")
            val due = dogTax.nextDeadline ?: error("no deadline: $dogTax")
            assertEquals(DeadlineKind.OBJECTION, due.kind)
            assertEquals("Widerspruchsfrist", due.name)
            val days = due.daysLeft ?: error("not fixed: $due")
            assertTrue(days in 0..3, "$due")
            assertEquals(
                if (days ==
                    0L
                ) {
                    "heute"
                } else if (days == 1L) {
                    "noch 1 Tag"
                } else {
                    "noch $days Tage"
                },
                due.remaining
            )
            assertTrue(loaded.atRisk >= 1)
            assertEquals(due, loaded.nextDeadline, "the dog tax's objection is the nearest deadline")

            val sidewalk = loaded.rows.first { it.subject == "Gebührenbescheid Sondernutzung Gehweg" }
            assertEquals("48,50\u00a0€", sidewalk.amount)
            assertFalse(sidewalk.paid)
            assertTrue(sidewalk.bescheid)
            assertEquals(DeadlineKind.PAYMENT, sidewalk.nextDeadline?.kind, "the objection deadline is not fixed yet")
            val hearing = loaded.rows.first { it.subject == "Anhörung zur Beseitigung einer Sondernutzung" }
            assertTrue(hearing.notRetrievable)
            assertFalse(hearing.bescheid)

            val deadlines = DeadlinesStateHolder(app.notices(), scope, formats)
            val all = deadlines.state.await("deadlines") { !it.loading && it.upcoming.isNotEmpty() }
            assertEquals(due.key, all.next?.key)
            assertTrue(all.atRisk >= 1)
            val notFixed = all.upcoming.first { it.noticeId == sidewalk.id && it.kind == DeadlineKind.OBJECTION }
            assertEquals(DeadlineStatus.NOT_FIXED, notFixed.status)
            assertEquals("Frist beginnt mit dem Abruf", notFixed.remaining)
            assertNull(notFixed.due)

            language.select(AppLanguage.ENGLISH)
            deadlines.state.await("in English") { s -> s.next?.name == "Objection deadline" }

            // No connection: the notices stored on the phone, with a banner.
            app.setOffline(true)
            mailbox.refresh()
            val offline = mailbox.state.await("offline") { it.banner != null && !it.refreshing }
            assertEquals(MailboxBanner.OFFLINE, offline.banner)
            assertEquals(4, offline.rows.size)
            assertTrue(offline.canRetry)

            // Archived: off the list, in the archive.
            mailbox.archive(hearing.id)
            mailbox.state.await("archived") { s -> s.rows.size == 3 && s.rows.none { it.id == hearing.id } }
            mailbox.showArchived(true)
            mailbox.state.await("the archive") { s -> s.showingArchived && s.rows.map { it.id } == listOf(hearing.id) }
            app.close()
        }

    @Test
    fun `open fixes the deadline, an unconfirmed objection is blocked, offline it is not received until the sync`() =
        runBlocking<Unit> {
            val app = openApp(start())
            logIn(app)
            val id = noticeId(app, "Gebührenbescheid Sondernutzung Gehweg")
            val mailbox = MailboxStateHolder(app.notices(), scope, formats)
            mailbox.state.await("unread") { s -> s.rows.any { it.id == id && it.unread } }

            // Opening is the retrieval: the city fixes the announcement and the objection deadline.
            val notice = NoticeStateHolder(app.notices(), id, scope, formats)
            val opened = notice.state.await("deadline fixed") { s ->
                s.notice != null && s.deadlines.any { it.kind == DeadlineKind.OBJECTION && it.due != null }
            }
            val detail = opened.notice ?: error("no notice")
            assertNotNull(detail.retrievedAt)
            assertNotNull(detail.bekanntgabe)
            assertEquals("Leipzig-App", detail.channel)
            assertEquals("48,50\u00a0€", detail.amount)
            val deadline = opened.objection()
            assertEquals(DeadlineStatus.OPEN, deadline.status)
            assertEquals("noch ${deadline.daysLeft} Tage", deadline.remaining)
            assertFalse(deadline.atRisk)
            assertTrue(opened.canObject && opened.canAcknowledge && opened.canUpload && opened.canPay)
            assertFalse(opened.notReceived)
            assertEquals(2, opened.attachments.size)
            mailbox.state.await("read") { s -> s.rows.any { it.id == id && !it.unread } }

            val exported = notice.export(dir.resolve("export").toFile()) ?: error("${notice.state.value}")
            assertEquals(3, exported.files.size, "both PDFs and the JSON copy")
            assertEquals("%PDF-", pdf(exported.files.first()))

            // The objection: the declaration shown, the checkbox not ticked: nothing is sent.
            val form = ReplyStateHolder(app.notices(), id, ReplyKind.OBJECTION, scope, formats)
            val editing = form.state.await("editing") { it.phase == ReplyPhase.EDITING }
            val declaration = editing.declaration ?: error("no declaration")
            assertTrue(declaration.contains("verbindlich Widerspruch"), declaration)
            form.updateText("Die Sondernutzung war genehmigt; die Gebühr ist zu hoch bemessen.")
            val typed = form.state.await("typed") { it.text.isNotEmpty() }
            assertFalse(typed.canSubmit, "not confirmed as binding")
            form.submit()
            val blocked = form.state.await("blocked") { it.invalidField != null }
            assertEquals(ReplyPhase.EDITING, blocked.phase)
            assertEquals(ReplyField.CONFIRMATION, blocked.invalidField)
            assertTrue(app.notices().replies(id).isEmpty(), "nothing saved")
            val core = assertThrows<ApiException.Validation> {
                runBlocking {
                    app.notices().reply(id, ReplyDraft.Objection("Zu hoch.", false, declaration, false))
                }
            }
            assertEquals("confirmation", core.field, "the core refuses it too")

            // Offline: saved on the phone, loudly not received; the deadline is at risk.
            app.setOffline(true)
            form.confirmBinding(true)
            assertTrue(form.state.await("confirmed") { it.bindingConfirmed }.canSubmit)
            form.submit()
            val saved = form.state.await("saved, not received") { it.phase == ReplyPhase.NOT_RECEIVED }
            assertEquals("Noch nicht beim Amt eingegangen", saved.statusText)
            assertNotNull(saved.statusDetail)
            assertEquals(ReplyStatus.NOT_RECEIVED, saved.reply?.status)
            assertNull(saved.reply?.receivedAt)
            val waiting = notice.state.await("warning") { it.notReceived }
            assertEquals("Noch nicht beim Amt eingegangen", waiting.notReceivedText)
            assertTrue(waiting.objection().atRisk, "an objection only on the phone does not stop the clock")
            assertFalse(waiting.canObject, "one objection")
            mailbox.state.await("at risk") { s -> s.rows.any { it.id == id && it.atRisk } }

            // Online again: the sync sends it and the city's receipt arrives through the listener.
            app.setOffline(false)
            app.sync().run()
            val received = form.state.await("received") { it.phase == ReplyPhase.RECEIVED }
            val at = received.reply?.receivedAt ?: error("no time of receipt")
            assertEquals("Beim Amt eingegangen am $at", received.statusText)
            assertNotNull(received.reply?.receiptId)
            assertNull(received.statusDetail)
            val met = notice.state.await("met") { s -> !s.notReceived && s.objection().status == DeadlineStatus.MET }
            assertEquals("Widerspruch eingegangen", met.objection().remaining)
            assertFalse(met.objection().atRisk)
            assertEquals(ReplyStatus.RECEIVED, met.replies.single().status)

            // An upload with a file the city does not take names the field; nothing is queued.
            val upload = ReplyStateHolder(app.notices(), id, ReplyKind.UPLOAD_DOCUMENT, scope, formats)
            upload.state.await("editing") { it.phase == ReplyPhase.EDITING }
            upload.addFiles(listOf(UploadFile("notiz.txt", "text/plain", "kein PDF".toByteArray())))
            upload.state.await("a file picked") { it.files.map { f -> f.name } == listOf("notiz.txt") }
            upload.submit()
            val invalid = upload.state.await("files refused") { it.invalidField != null }
            assertEquals(ReplyField.FILES, invalid.invalidField)
            assertEquals(ReplyPhase.EDITING, invalid.phase)
            assertEquals(1, app.notices().replies(id).size)
            app.close()
        }

    @Test
    fun `a tampered PDF is refused and never shown, the good one opens and shares`() = runBlocking<Unit> {
        val s = start()
        val app = openApp(s)
        logIn(app)
        val id = noticeId(app, "Gebührenbescheid Sondernutzung Gehweg")
        val notice = NoticeStateHolder(app.notices(), id, scope, formats)
        val opened = notice.state.await("opened") { it.attachments.size == 2 }
        val (main, annex) = opened.attachments.partition { it.main }.let { it.first.single() to it.second.single() }
        assertEquals(AttachmentStatus.NOT_LOADED, main.status)
        s.control("notices/$id/tamper", """{"attachmentId": "${annex.id}"}""")

        val effects = async(Dispatchers.Default) { withTimeoutOrNull(5_000) { notice.effects.first() } }
        notice.showAttachment(annex.id, dir.resolve("show").toFile())
        val refused = notice.state.await("refused") { st ->
            st.attachments.first { it.id == annex.id }.status == AttachmentStatus.UNVERIFIED
        }
        assertEquals(ErrorKind.SERVER, refused.attachments.first { it.id == annex.id }.error)
        assertNull(effects.await(), "nothing is handed to a viewer")
        assertFalse(app.notices().get(id).attachments.first { it.id == annex.id }.downloaded, "nothing kept")
        assertNull(notice.export(dir.resolve("export").toFile()), "an export never holds an unchecked file")
        notice.state.await("export failed") { it.error == ErrorKind.SERVER && !it.exporting }
        notice.dismissError()

        val shown = async(Dispatchers.Default) { withTimeout(30_000) { notice.effects.first() } }
        delay(100)
        notice.showAttachment(main.id, dir.resolve("show").toFile())
        val open = shown.await() as NoticeEffect.OpenFile
        assertEquals("application/pdf", open.mimeType)
        assertEquals("%PDF-", pdf(open.path))
        assertTrue(open.path.endsWith(main.fileName), open.path)
        notice.state.await("ready") { st -> st.attachments.first { it.id == main.id }.status == AttachmentStatus.READY }

        val shared = async(Dispatchers.Default) { withTimeout(30_000) { notice.effects.first() } }
        delay(100)
        notice.shareAttachment(main.id, dir.resolve("share").toFile())
        val share = shared.await() as NoticeEffect.ShareFile
        assertEquals("Gebührenbescheid Sondernutzung Gehweg", share.title)
        assertEquals("%PDF-", pdf(share.path))
        app.close()
    }

    @Test
    fun `paying a notice hands over to the pay screen, paid on the page`() = runBlocking<Unit> {
        val app = openApp(start())
        logIn(app)
        val id = noticeId(app, "Gebührenbescheid Sondernutzung Gehweg")
        val notice = NoticeStateHolder(app.notices(), id, scope, formats)
        notice.state.await("payable") { it.canPay }

        val effect = async(Dispatchers.Default) { withTimeout(30_000) { notice.effects.first() } }
        delay(100)
        notice.pay()
        val pay = effect.await() as NoticeEffect.Pay
        assertEquals(SubjectKind.NOTICE, pay.subject.kind)
        val page = pay.pageUrl ?: error("no payment page")

        // The pay screen for that subject finds the payment just started.
        val screen = PaymentStateHolder(app.payments(), pay.subject, scope, formats)
        val open = screen.state.await("page open") { it.phase == PayPhase.OPEN_PAGE }
        assertEquals(page, open.pageUrl)
        assertEquals("48,50\u00a0€", open.amount)
        screen.onReturn(HeadlessPay.pay(page, HeadlessPay.Choice.PAYPAL) ?: error("no return link"))
        screen.state.await("paid") { it.phase == PayPhase.PAID }

        val again = NoticeStateHolder(app.notices(), id, scope, formats)
        val paid = again.state.await("paid") { st -> st.notice?.paid == true }
        assertFalse(paid.canPay)
        assertEquals(DeadlineStatus.MET, paid.deadlines.first { it.kind == DeadlineKind.PAYMENT }.status)
        assertEquals("bezahlt", paid.deadlines.first { it.kind == DeadlineKind.PAYMENT }.remaining)
        app.close()
    }
}
