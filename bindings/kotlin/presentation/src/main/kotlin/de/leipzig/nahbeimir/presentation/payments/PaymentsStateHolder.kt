package de.leipzig.nahbeimir.presentation.payments

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Payment
import de.leipzig.nahbeimir.core.Payments
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import java.io.File
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** What "my payments" shows. */
data class PaymentsState(
    /** The phone is read for the first time. */
    val loading: Boolean = true,
    /** Every payment on the phone, newest first. */
    val rows: List<PaymentRow> = emptyList(),
    /** Payments the city is still asked about ("Zahlung wird geprüft"). */
    val checking: Int = 0,
    /** The city is asked about every payment now. */
    val refreshing: Boolean = false,
    /** The last refresh or export failed. */
    val error: ErrorKind? = null
)

/** A receipt written to files for sharing: the PDF and, beside it, the same facts as JSON. */
data class ExportedReceipt(val pdf: String, val json: String?, val receipt: ReceiptView)

/**
 * State holder of "my payments" and their receipts (Quittungen): every payment stored on
 * the phone (works offline), updated by the core's listener; [refresh] asks the city about
 * all of them (late successes, receipts still missing). Receipts are read from the phone, so
 * they can be shown, shared and exported offline.
 */
class PaymentsStateHolder(
    private val payments: Payments,
    private val scope: CoroutineScope,
    private val formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO
) {
    private val items = MutableStateFlow<List<Payment>?>(null)
    private val refreshing = MutableStateFlow(false)
    private val error = MutableStateFlow<ErrorKind?>(null)
    private val inFlight = AtomicBoolean(false)

    /** The screen's state. */
    val state: StateFlow<PaymentsState> =
        combine(items, refreshing, error, formats) { items, refreshing, error, f ->
            val rows = items.orEmpty().map { it.toRow(f) }
            PaymentsState(
                loading = items == null,
                rows = rows,
                checking = rows.count { it.status in OPEN },
                refreshing = refreshing,
                error = error
            )
        }.stateIn(scope, SharingStarted.Eagerly, PaymentsState())

    init {
        scope.launch { payments.changes().flowOn(io).collect { items.value = it } }
    }

    /** Pull to refresh: asks the city about every payment; a no-op while one runs. */
    fun refresh() {
        if (!inFlight.compareAndSet(false, true)) return
        refreshing.value = true
        error.value = null
        scope.launch {
            try {
                withContext(io) { payments.reconcile() }
            } catch (e: ApiException) {
                error.value = ErrorKind.of(e)
            } finally {
                inFlight.set(false)
                refreshing.value = false
            }
        }
    }

    /** The receipt of payment [id] from the phone; null (and [PaymentsState.error]) when there is none. */
    suspend fun receipt(id: String): ReceiptView? = guarded {
        withContext(io) { payments.receipt(id) }.toView(formats.value)
    }

    /** The receipt's PDF bytes from the phone, e.g. to show it. */
    suspend fun receiptPdf(id: String): ByteArray? = guarded { withContext(io) { payments.receiptPdf(id) } }

    /**
     * Writes the receipt of payment [id] into [dir] as `Quittung-<number>.pdf` (and the JSON
     * beside it) for sharing or saving; null (and [PaymentsState.error]) when it failed.
     */
    suspend fun exportReceipt(id: String, dir: File): ExportedReceipt? = guarded {
        payments.exportReceiptTo(id, dir, formats.value, io)
    }

    /** The error was shown. */
    fun dismissError() {
        error.value = null
    }

    private suspend fun <T> guarded(block: suspend () -> T): T? = try {
        error.value = null
        block()
    } catch (e: ApiException) {
        error.value = ErrorKind.of(e)
        null
    }

    private companion object {
        val OPEN = setOf(PaymentStatus.SAVED, PaymentStatus.OPEN, PaymentStatus.DEBIT_PENDING)
    }
}

/** Writes the receipt of payment [id] into [dir] as `Quittung-<number>.pdf`, the JSON beside it. */
internal suspend fun Payments.exportReceiptTo(
    id: String,
    dir: File,
    formats: Formats,
    io: CoroutineDispatcher
): ExportedReceipt = withContext(io) {
    val receipt = receipt(id).toView(formats)
    dir.mkdirs()
    val files = exportReceipt(id, File(dir, receipt.fileName).path)
    ExportedReceipt(pdf = files.first(), json = files.getOrNull(1), receipt = receipt)
}
