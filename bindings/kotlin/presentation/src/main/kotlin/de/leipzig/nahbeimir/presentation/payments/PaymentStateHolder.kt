package de.leipzig.nahbeimir.presentation.payments

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.Fee
import de.leipzig.nahbeimir.core.Payment
import de.leipzig.nahbeimir.core.PaymentState
import de.leipzig.nahbeimir.core.PaymentSubject
import de.leipzig.nahbeimir.core.Payments
import de.leipzig.nahbeimir.core.Receipt
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import java.io.File
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.receiveAsFlow
import kotlinx.coroutines.flow.stateIn
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** Where paying stands. */
enum class PayPhase {
    /** The phone is asked whether this fee has a payment already. */
    LOADING,

    /** Nothing started: "pay now". */
    READY,

    /** The payment is saved on the phone and sent to the city. */
    SAVING,

    /** The payment page is open in the system browser ([PayState.pageUrl], also to open it again). */
    OPEN_PAGE,

    /**
     * "Zahlung wird geprüft": the city is asked. With [PayState.stillOpen] the asking in the
     * foreground ended without a result; the background sync keeps asking.
     */
    CHECKING,

    /** Paid: [PayState.receipt]. */
    PAID,

    /** Paid before (maybe on another phone): [PayState.receipt]; nothing was charged again. */
    ALREADY_PAID,

    /** Cancelled on the payment page; paying again ([PaymentStateHolder.retry]) is a new payment. */
    CANCELLED,

    /** The payment service aborted it; paying again is a new payment. */
    FAILED,

    /** The payment page expired; paying again is a new payment. */
    TIMED_OUT,

    /** The payment service refused it: [PayState.refusalText]. Nothing was charged. */
    REFUSED,

    /**
     * Saved on the phone, not yet confirmed by the city ([PayState.notSentReason], e.g. no
     * connection); it is sent again by [PaymentStateHolder.retry] and by the sync.
     */
    NOT_SENT,

    /** Something else failed: [PayState.error]. */
    ERROR
}

/** A one-time instruction to the shell. */
sealed interface PayEffect {
    /** Open [url] in the system browser (Auth Tab / Custom Tab, ASWebAuthenticationSession); never a web view. */
    data class OpenInBrowser(val url: String) : PayEffect
}

/** What the pay screen shows. */
data class PayState(
    val phase: PayPhase,
    /** What is paid for. */
    val title: String? = null,
    /** `25,00 €`, once known. */
    val amount: String? = null,
    /** The app's id of the payment followed, once there is one. */
    val paymentId: String? = null,
    /** The payment page while it can be used (to open it again). */
    val pageUrl: String? = null,
    /** [PayPhase.CHECKING]: the foreground asking ended without a final answer. */
    val stillOpen: Boolean = false,
    /** The receipt once paid (null while it is still being fetched). */
    val receipt: ReceiptView? = null,
    /** Shown as failed or cancelled before, and paid after all. */
    val lateCorrection: Boolean = false,
    val refusalCode: String? = null,
    val refusalText: String? = null,
    val notSentReason: String? = null,
    val error: ErrorKind? = null,
    /** Whether "try again" is offered (for a final failure: a new payment). */
    val canRetry: Boolean = false
) {
    /** Something is on its way; leaving would not stop it, but the buttons wait. */
    val busy: Boolean get() = phase == PayPhase.SAVING || (phase == PayPhase.CHECKING && !stillOpen)
}

/**
 * State holder of paying one fee or notice ([subject]), or of following a payment whose
 * return link opened the app ([subject] null). [pay] saves the payment on the phone and
 * sends it (the core), then [effects] asks the shell to open the payment page in the system
 * browser. The page's return link ([onReturn]) and every return to the foreground
 * ([onForeground]) ask the city (`settle`, with backoff): the link says nothing about the
 * outcome, and a closed browser never means "cancelled". The core's listener moves the
 * screen on as well (a late answer, the receipt arriving, a success found by `resume`).
 */
class PaymentStateHolder(
    private val payments: Payments,
    private val subject: PaymentSubject?,
    private val scope: CoroutineScope,
    private val formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO
) {
    private data class Raw(
        val phase: PayPhase,
        val payment: Payment? = null,
        val pageUrl: String? = null,
        val receipt: Receipt? = null,
        val refusalCode: String? = null,
        val notSentReason: String? = null,
        val error: ErrorKind? = null,
        val stillOpen: Boolean = false
    )

    private val raw = MutableStateFlow(Raw(if (subject == null) PayPhase.CHECKING else PayPhase.LOADING))

    /**
     * The fee as stored on the phone: title and amount before a payment exists. Read once,
     * before the phase leaves [PayPhase.LOADING], so every state after that shows it.
     */
    @Volatile
    private var fee: Fee? = null
    private val effectChannel = Channel<PayEffect>(Channel.BUFFERED)
    private var checking: Job? = null

    /** The screen's state. */
    val state: StateFlow<PayState> = combine(raw, formats) { r, f -> render(r, fee, f) }
        .stateIn(scope, SharingStarted.Eagerly, render(raw.value, null, formats.value))

    /** One-time instructions (open the payment page), each delivered once. */
    val effects: Flow<PayEffect> = effectChannel.receiveAsFlow()

    init {
        scope.launch { payments.changes().flowOn(io).collect(::seen) }
    }

    /** "Pay now": saves, sends, then asks the shell to open the payment page. */
    fun pay() {
        val what = subject ?: raw.value.payment?.subject ?: return
        if (raw.value.phase in NO_PAY) return
        checking?.cancel()
        raw.value = Raw(PayPhase.SAVING)
        scope.launch {
            val next = try {
                val started = withContext(io) { payments.start(what) }
                val url = started.paypageUrl
                when {
                    started.alreadyPaid -> Raw(
                        PayPhase.ALREADY_PAID,
                        started.payment,
                        receipt = receiptOf(started.payment)
                    )

                    url != null -> Raw(PayPhase.OPEN_PAGE, started.payment, pageUrl = url)

                    else -> answer(started.payment).let { r ->
                        if (r.phase == PayPhase.NOT_SENT) r.copy(notSentReason = started.notSentReason) else r
                    }
                }
            } catch (e: ApiException.PaymentRefused) {
                Raw(PayPhase.REFUSED, refusalCode = e.code)
            } catch (e: ApiException) {
                Raw(PayPhase.ERROR, error = ErrorKind.of(e))
            }
            raw.value = next
            if (next.phase == PayPhase.OPEN_PAGE && next.pageUrl != null) {
                effectChannel.send(PayEffect.OpenInBrowser(next.pageUrl))
            }
        }
    }

    /** Opens the payment page again (the citizen closed the browser before paying). */
    fun openPage() {
        val url = raw.value.pageUrl ?: return
        checking?.cancel()
        raw.update { it.copy(phase = PayPhase.OPEN_PAGE, stillOpen = false) }
        effectChannel.trySend(PayEffect.OpenInBrowser(url))
    }

    /**
     * The payment page's return link opened the app (`https://app.leipzig.de/pay/return?…` or
     * `de.leipzig.nahbeimir://pay/return?…`): asks the city which payment and how it stands,
     * and follows it until it is settled.
     */
    fun onReturn(link: String) {
        follow(thenSettle = true) { payments.handleReturn(link) }
    }

    /**
     * The app came to the foreground (also back from the browser without the return link):
     * while a payment is open, the city is asked until it is settled.
     */
    fun onForeground() {
        val r = raw.value
        val id = r.payment?.id ?: return
        if (r.phase !in setOf(PayPhase.OPEN_PAGE, PayPhase.CHECKING, PayPhase.NOT_SENT)) return
        if (checking?.isActive == true) return
        follow(thenSettle = false) { payments.settle(id) }
    }

    /**
     * "Try again": asks the city again while the payment is open; after a cancelled, failed,
     * expired or refused payment (or one not sent yet) pays again — a new payment, or the same
     * one still on its way.
     */
    fun retry() {
        val r = raw.value
        val id = r.payment?.id
        val open = r.payment?.state?.isOpen() == true && r.payment.paymentId != null
        when {
            id != null && open && (r.phase == PayPhase.CHECKING || r.phase == PayPhase.ERROR) ->
                follow(thenSettle = false) { payments.settle(id) }

            state.value.canRetry -> pay()
        }
    }

    /**
     * Writes the receipt of the paid payment into [dir] (`Quittung-<number>.pdf` and its JSON)
     * for viewing or sharing; null when there is none (yet) or it could not be written.
     */
    suspend fun exportReceipt(dir: File): ExportedReceipt? {
        val p = raw.value.payment?.takeIf { it.state == PaymentState.PAYED && it.hasReceipt } ?: return null
        return try {
            payments.exportReceiptTo(p.id, dir, formats.value, io)
        } catch (_: ApiException) {
            null
        }
    }

    /**
     * Asks [first]; with [thenSettle] follows the payment it names until it is settled
     * (unless it is final already, or still only on the phone).
     */
    private fun follow(thenSettle: Boolean, first: suspend () -> Payment) {
        checking?.cancel()
        raw.update { it.copy(phase = PayPhase.CHECKING, stillOpen = false, error = null) }
        checking = scope.launch {
            val next = try {
                val now = withContext(io) { first() }
                raw.update { it.copy(payment = now) }
                val settle = thenSettle && now.state == PaymentState.INITIAL
                answer(if (settle) withContext(io) { payments.settle(now.id) } else now)
            } catch (e: ApiException.PaymentRefused) {
                raw.value.copy(phase = PayPhase.REFUSED, refusalCode = e.code)
            } catch (e: ApiException) {
                raw.value.copy(phase = PayPhase.ERROR, error = ErrorKind.of(e))
            }
            raw.value = next
        }
    }

    /** The state for the city's answer [p]; an open payment stays "wird geprüft". */
    private suspend fun answer(p: Payment): Raw = when (p.state) {
        // Still only on the phone: the outbox and the sync send it.
        PaymentState.CREATED -> Raw(PayPhase.NOT_SENT, p, notSentReason = raw.value.notSentReason)

        PaymentState.INITIAL -> Raw(
            PayPhase.CHECKING,
            p,
            pageUrl = p.paypageUrl,
            stillOpen = true
        )

        PaymentState.PAYED -> Raw(
            if (raw.value.phase == PayPhase.ALREADY_PAID) PayPhase.ALREADY_PAID else PayPhase.PAID,
            p,
            receipt = receiptOf(p) ?: raw.value.receipt?.takeIf { raw.value.payment?.id == p.id }
        )

        PaymentState.CANCELED -> Raw(PayPhase.CANCELLED, p)

        PaymentState.FAILED -> {
            val timedOut = p.status() == PaymentStatus.TIMED_OUT
            Raw(if (timedOut) PayPhase.TIMED_OUT else PayPhase.FAILED, p)
        }

        PaymentState.ERROR -> Raw(PayPhase.REFUSED, p, refusalCode = p.errorCode)
    }

    /** The core's listener: every payment, newest first. */
    private suspend fun seen(list: List<Payment>) {
        val r = raw.value
        if (r.phase == PayPhase.SAVING) return // start() decides
        val followed = r.payment?.let { p -> list.firstOrNull { it.id == p.id } }
        if (r.phase == PayPhase.LOADING) {
            fee = try {
                withContext(io) { payments.fees() }.firstOrNull { it.subject == subject }
            } catch (_: ApiException) {
                null
            }
            // A payment of this subject from before: continue it, or show what it became.
            val last = list.firstOrNull { it.subject == subject }
            raw.value = when {
                last == null -> Raw(PayPhase.READY)

                last.state == PaymentState.INITIAL && last.paypageUrl != null ->
                    Raw(PayPhase.OPEN_PAGE, last, pageUrl = last.paypageUrl)

                last.state == PaymentState.CREATED -> Raw(PayPhase.NOT_SENT, last)

                last.state == PaymentState.PAYED -> Raw(PayPhase.ALREADY_PAID, last, receipt = receiptOf(last))

                // Cancelled, failed or refused before: paying again is a new payment.
                else -> Raw(PayPhase.READY)
            }
            return
        }
        if (followed == null) return
        val final = !followed.state.isOpen()
        when {
            // The answer (a late success, the receipt fetched, a result found by resume).
            final && (followed.state != r.payment?.state || r.phase == PayPhase.CHECKING || r.receipt == null) -> {
                checking?.cancel()
                raw.value = answer(followed)
            }

            // Sent meanwhile (by the sync): the page can be opened now.
            r.phase == PayPhase.NOT_SENT && followed.state == PaymentState.INITIAL && followed.paypageUrl != null ->
                raw.value = Raw(PayPhase.OPEN_PAGE, followed, pageUrl = followed.paypageUrl)

            !final -> raw.update { if (it.payment?.id == followed.id) it.copy(payment = followed) else it }
        }
    }

    private suspend fun receiptOf(p: Payment): Receipt? = if (p.state == PaymentState.PAYED && p.hasReceipt) {
        try {
            withContext(io) { payments.receipt(p.id) }
        } catch (_: ApiException) {
            null
        }
    } else {
        null
    }

    private fun render(r: Raw, fee: Fee?, f: Formats): PayState {
        val p = r.payment
        val refusal = r.refusalCode ?: p?.errorCode?.takeIf { r.phase == PayPhase.REFUSED }
        return PayState(
            phase = r.phase,
            title = p?.title ?: fee?.title,
            amount = (p?.amountCents ?: fee?.amountCents)?.let(f::amount),
            paymentId = p?.id,
            pageUrl = r.pageUrl.takeIf { p == null || p.state == PaymentState.INITIAL },
            stillOpen = r.stillOpen,
            receipt = r.receipt?.toView(f),
            lateCorrection = p?.lateCorrection == true && r.phase == PayPhase.PAID,
            refusalCode = refusal.takeIf { r.phase == PayPhase.REFUSED },
            refusalText = if (r.phase == PayPhase.REFUSED) PaymentTexts(f.language).refusal(refusal) else null,
            notSentReason = r.notSentReason,
            error = r.error,
            canRetry = when (r.phase) {
                PayPhase.CANCELLED, PayPhase.FAILED, PayPhase.TIMED_OUT, PayPhase.NOT_SENT, PayPhase.ERROR -> true
                PayPhase.REFUSED -> RefusalReason.of(refusal).retryable
                PayPhase.CHECKING -> r.stillOpen
                else -> false
            }
        )
    }

    private companion object {
        /** Phases in which "pay" does nothing: not ready yet, on its way, or paid. */
        val NO_PAY = setOf(PayPhase.LOADING, PayPhase.SAVING, PayPhase.CHECKING, PayPhase.PAID, PayPhase.ALREADY_PAID)
    }
}
