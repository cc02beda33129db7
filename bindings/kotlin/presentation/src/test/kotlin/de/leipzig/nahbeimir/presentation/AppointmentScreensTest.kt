package de.leipzig.nahbeimir.presentation

import de.leipzig.nahbeimir.core.App
import de.leipzig.nahbeimir.core.WatchState
import de.leipzig.nahbeimir.presentation.appointments.AppointmentBadge
import de.leipzig.nahbeimir.presentation.appointments.BookingField
import de.leipzig.nahbeimir.presentation.appointments.BookingPhase
import de.leipzig.nahbeimir.presentation.appointments.BookingStateHolder
import de.leipzig.nahbeimir.presentation.appointments.MyAppointmentsStateHolder
import de.leipzig.nahbeimir.presentation.appointments.SearchPhase
import de.leipzig.nahbeimir.presentation.appointments.SlotSearchStateHolder
import de.leipzig.nahbeimir.presentation.appointments.WatchesStateHolder
import de.leipzig.nahbeimir.presentation.settings.LanguageSetting
import de.leipzig.nahbeimir.presentation.settings.MemoryPreferenceStore
import de.leipzig.nahbeimir.presentation.settings.SettingsStateHolder
import de.leipzig.nahbeimir.presentation.settings.WipeStep
import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.net.ServerSocket
import java.nio.file.Path
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
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** The appointment screens' state holders against the real core and a sandbox process. */
class AppointmentScreensTest {
    @TempDir
    lateinit var dir: Path

    private var sandbox: SandboxProcess? = null
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    private val keystore = MemorySecretStore()
    private val formats = LanguageSetting(MemoryPreferenceStore(), "de", scope).formats

    @AfterEach
    fun stop() {
        scope.cancel()
        sandbox?.close()
    }

    private fun start(port: Int = 0): SandboxProcess =
        SandboxProcess.start(dir, port, dir.resolve("city")).also { sandbox = it }

    private fun openApp(s: SandboxProcess): App =
        App.open(s.clientConfig(), dir.resolve("data").toString(), keystore, null)

    private suspend fun <T> StateFlow<T>.await(what: String, predicate: (T) -> Boolean): T = try {
        withTimeout(30_000) { first(predicate) }
    } catch (e: Exception) {
        throw AssertionError("state never became $what; last: $value", e)
    }

    private suspend fun searchIdCard(app: App, office: UInt? = null, daysAhead: Long = 0): SlotSearchStateHolder {
        val search = SlotSearchStateHolder(app.appointments(), scope, formats)
        val today = search.state.value.from
        search.setPeriod(today.plusDays(daysAhead), today.plusDays(13))
        val ready = search.state.await("services") { it.phase == SearchPhase.CHOOSE_SERVICE }
        search.selectService(ready.services.first { it.name == "Personalausweis beantragen" }.id)
        search.state.await("offices") { it.phase == SearchPhase.READY && it.offices.size == 11 }
        if (office != null) search.toggleOffice(office)
        search.search()
        search.state.await("results") { it.phase == SearchPhase.RESULTS }
        return search
    }

    @Test
    fun `search, book, see it, cancel offline, and see the city receive it`() = runBlocking<Unit> {
        val port = ServerSocket(0).use { it.localPort }
        val first = start(port)
        val app = openApp(first)
        // Three days ahead, so that both reminders are still to come.
        val search = searchIdCard(app, daysAhead = 3)
        val results = search.state.value
        assertTrue(results.slots.isNotEmpty())
        assertEquals(0, results.failedOffices)
        val slot = results.slots.first()
        assertTrue(Regex("""\d\d\.\d\d\.\d{4}, \d\d:\d\d""").matches(slot.start), slot.start)

        val office = search.office(slot.slot.officeId) ?: error("office")
        val booking = BookingStateHolder(app.appointments(), slot.slot, office, scope, formats)
        booking.updateName("Mustermann")
        booking.updateEmail("erika@example.org")
        booking.updatePhone("+4934112345678")
        booking.submit()
        val booked = booking.state.await("booked") { it.phase == BookingPhase.BOOKED }.booked ?: error("row")
        assertEquals(AppointmentBadge.BOOKED, booked.badge)

        val mine = MyAppointmentsStateHolder(app.appointments(), app.outbox(), scope, formats)
        val listed = mine.state.await("listed") { it.upcoming.size == 1 }
        assertTrue(listed.upcoming.single().changeable)
        assertTrue(mine.calendarFile(booked.processId).contains("BEGIN:VEVENT"))
        assertEquals(2, mine.reminders().size)

        first.stop()
        mine.cancel(booked.processId)
        mine.state.await("saved on the phone, waiting for the city") {
            it.upcoming.single().badge == AppointmentBadge.CANCEL_SAVED && it.waitingActions == 1
        }

        start(port)
        mine.sync()
        mine.state.await("received by the city") {
            it.upcoming.single().badge == AppointmentBadge.CANCELLED && it.waitingActions == 0
        }
        app.close()
    }

    @Test
    fun `a slot taken meanwhile offers the next ones, and rules map to fields`() = runBlocking<Unit> {
        val s = start()
        val app = openApp(s)
        val search = searchIdCard(app, office = 10405u)
        val slot = search.state.value.slots.first()
        s.control("zms/steal", """{"officeId": ${slot.slot.officeId}, "timestamp": ${slot.slot.timestamp}}""")

        val office = search.office(slot.slot.officeId) ?: error("office")
        assertTrue(office.telephoneRequired, "Ratzelbogen needs a telephone number")
        val booking = BookingStateHolder(app.appointments(), slot.slot, office, scope, formats)
        booking.updateName("Mustermann")
        booking.updateEmail("erika@example.org")
        booking.submit()
        val invalid = booking.state.await("telephone rejected") { it.invalidField != null }
        assertEquals(BookingField.PHONE, invalid.invalidField)
        assertEquals(BookingPhase.EDITING, invalid.phase)

        booking.updatePhone("034112345678")
        booking.submit()
        val taken = booking.state.await("taken") { it.phase == BookingPhase.SLOT_TAKEN }
        assertTrue(taken.alternatives.isNotEmpty())
        booking.chooseAlternative(taken.alternatives.first().slot)
        booking.submit()
        booking.state.await("booked instead") { it.phase == BookingPhase.BOOKED }
        app.close()
    }

    @Test
    fun `rebooking books the new slot first, then cancels the old one`() = runBlocking<Unit> {
        val s = start()
        val app = openApp(s)
        val search = searchIdCard(app, office = 10401u)
        val slots = search.state.value.slots
        val office = search.office(10401u) ?: error("office")
        val first = BookingStateHolder(app.appointments(), slots[0].slot, office, scope, formats)
        first.updateName("Mustermann")
        first.updateEmail("erika@example.org")
        first.submit()
        val old = first.state.await("booked") { it.phase == BookingPhase.BOOKED }.booked ?: error("row")
        assertEquals(10401u, old.officeId)

        val rebook = BookingStateHolder(
            app.appointments(),
            slots[1].slot,
            office,
            scope,
            formats,
            rebookOf = old
        )
        assertTrue(rebook.state.value.rebooking)
        val otherService = slots[1].slot.copy(serviceId = slots[1].slot.serviceId + 1u)
        val notARebook = BookingStateHolder(app.appointments(), otherService, office, scope, formats, rebookOf = old)
        assertFalse(notARebook.state.value.rebooking, "another service is a new booking, not a replacement")
        rebook.updateName("Mustermann")
        rebook.updateEmail("erika@example.org")
        rebook.submit()
        val done = rebook.state.await("rebooked") { it.phase == BookingPhase.BOOKED }
        assertEquals(AppointmentBadge.BOOKED, done.booked?.badge)
        assertEquals(slots[1].slot.timestamp, done.booked?.startEpoch)
        assertEquals(old.processId, done.replaced?.processId)
        assertEquals(AppointmentBadge.CANCELLED, done.replaced?.badge)
        val cancels = Regex(""""method":"POST","uri":"/api/citizen/cancel-appointment/"""")
        assertEquals(1, cancels.findAll(s.requestsJson()).count(), "the old one was cancelled at the city")

        val mine = MyAppointmentsStateHolder(app.appointments(), app.outbox(), scope, formats)
        val listed = mine.state.await("one booked, one cancelled") { m ->
            m.upcoming.count { it.badge == AppointmentBadge.BOOKED } == 1 &&
                m.upcoming.count { it.badge == AppointmentBadge.CANCELLED } == 1
        }
        assertEquals(old.serviceId, listed.upcoming.first().serviceId)
        app.close()
    }

    @Test
    fun `watches report matches, and a wipe never drops unsent actions silently`() = runBlocking<Unit> {
        val s = start()
        val app = openApp(s)
        val search = searchIdCard(app)
        val watches = WatchesStateHolder(app.appointments(), scope, formats)
        val state = search.state.value
        watches.add(state.serviceId ?: error("service"), listOf(10401u), state.from, state.to)
        val active = watches.state.await("active") { w -> w.watches.any { it.state == WatchState.ACTIVE } }
        assertTrue(active.watches.single().matches.isNotEmpty(), "the city found free slots")

        s.stop()
        watches.remove(active.watches.single().id)
        watches.state.await("removal saved") { w -> w.watches.single().state == WatchState.REMOVING }
        val settings = SettingsStateHolder(app, LanguageSetting(MemoryPreferenceStore(), "de", scope), scope)
        settings.requestWipe()
        settings.confirmWipe()
        val asked = settings.state.await("pending actions") { it.wipe == WipeStep.PENDING_ACTIONS }
        assertEquals(1, asked.pendingActions)
        settings.discardAndWipe()
        settings.state.await("wiped") { it.wipe == WipeStep.DONE }
        watches.state.await("no watches") { it.watches.isEmpty() }
        app.close()
    }
}
