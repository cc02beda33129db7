package de.leipzig.nahbeimir.core

import de.leipzig.nahbeimir.testkit.MemorySecretStore
import de.leipzig.nahbeimir.testkit.SandboxProcess
import java.net.ServerSocket
import java.nio.file.Path
import java.time.LocalDate
import java.time.ZoneId
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/** Bürgeramt appointments through the generated Kotlin bindings, against a real sandbox. */
class AppointmentsBindingTest {
    @TempDir
    lateinit var dir: Path

    private var sandbox: SandboxProcess? = null

    /** The phone's keystore outlives the app process, as on a device. */
    private val keystore = MemorySecretStore()

    @AfterEach
    fun stopSandbox() {
        sandbox?.close()
    }

    private fun openApp(s: SandboxProcess): App =
        App.open(s.clientConfig(), dir.resolve("data").toString(), keystore, null)

    private fun today() = LocalDate.now(ZoneId.of("Europe/Berlin"))

    private fun cancelsAt(s: SandboxProcess) =
        Regex(""""method":"POST","uri":"/api/citizen/cancel-appointment/"""").findAll(s.requestsJson()).count()

    @Test
    fun `find a slot, book, list, cancel offline, restart, deliver once`() = runBlocking<Unit> {
        val port = ServerSocket(0).use { it.localPort }
        val first = SandboxProcess.start(dir, port, dir.resolve("city"))
        sandbox = first
        val processId = openApp(first).use { app ->
            app.appointments().use { appointments ->
                val service = appointments.services().first { it.name == "Personalausweis beantragen" }
                val query =
                    SlotQuery(service.id, 1u, listOf(10401u), today().toString(), today().plusDays(13).toString())
                val slot = appointments.searchSlots(query).slots.first()
                assertTrue(slot.start.endsWith("+01:00") || slot.start.endsWith("+02:00"), slot.start)

                val contact = Contact("Mustermann", "erika@example.org", "+4934112345678")
                val booked = appointments.book(
                    BookingRequest(slot.officeId, slot.serviceId, 1u, slot.timestamp, contact)
                )
                assertEquals(AppointmentStatus.CONFIRMED, booked.status)
                assertEquals(listOf(booked), appointments.appointments())

                val taken = assertThrows<ApiException.SlotTaken> {
                    runBlocking {
                        appointments.book(BookingRequest(slot.officeId, slot.serviceId, 1u, slot.timestamp, contact))
                    }
                }
                assertTrue(taken.alternatives.isNotEmpty(), "the next free slots come with the error")

                // No network: the city cannot be reached, the cancel is saved on the phone.
                first.stop()
                val pending = appointments.cancel(booked.processId)
                assertEquals(SyncState.CANCEL_PENDING, pending.syncState)
                assertEquals(1u, app.outbox().use { it.unfinishedCount() })
                booked.processId
            }
        }

        // The app process ends; later the phone is online again and the app restarts.
        val second = first.restart()
        sandbox = second
        openApp(second).use { app ->
            val report = app.sync().use { it.run() }
            assertEquals(0u, report.pendingActions, "$report")
            app.appointments().use { appointments ->
                val after = appointments.appointment(processId)
                assertEquals(AppointmentStatus.DELETED, after.status)
                assertEquals(SyncState.SYNCED, after.syncState)
            }
            app.outbox().use { outbox ->
                val entry = outbox.list().single()
                assertEquals(OutboxState.RECEIVED, entry.state)
                assertTrue(entry.receivedAt != null, "the city's time of receipt")
                assertEquals(0u, outbox.run().delivered, "nothing left to send")
            }
        }
        assertEquals(1, cancelsAt(second), "exactly one cancel reached the city")
    }

    @Test
    fun `bad input is a validation error before anything is sent`() = runBlocking<Unit> {
        val s = SandboxProcess.start(dir)
        sandbox = s
        openApp(s).use { app ->
            app.appointments().use { appointments ->
                val bad = SlotQuery(1300111u, 1u, emptyList(), "morgen", today().toString())
                val error = assertThrows<ApiException.Validation> { runBlocking { appointments.searchSlots(bad) } }
                assertEquals("from", error.field)
                val noName = BookingRequest(10401u, 1300111u, 1u, 1L, Contact(" ", "erika@example.org", null))
                assertThrows<ApiException.Validation> { runBlocking { appointments.book(noName) } }
            }
        }
    }
}
