package de.leipzig.nahbeimir.presentation.library

import de.leipzig.nahbeimir.core.ApiException
import de.leipzig.nahbeimir.core.CardType
import de.leipzig.nahbeimir.core.LibraryBranch
import de.leipzig.nahbeimir.core.LibraryRegistration
import de.leipzig.nahbeimir.core.LibraryService
import de.leipzig.nahbeimir.core.PaymentSubject
import de.leipzig.nahbeimir.core.RegistrationState
import de.leipzig.nahbeimir.core.flow.changes
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.Formats
import de.leipzig.nahbeimir.presentation.LEIPZIG
import de.leipzig.nahbeimir.presentation.payments.PaymentTexts
import java.time.LocalDate
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
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

/** Where the library card stands. */
enum class LibraryPhase {
    /** The phone is read. */
    LOADING,

    /** No card ordered (or ordering again): the card types and the order form. */
    ORDER,

    /** The order is checked and sent. */
    SAVING,

    /** Saved on the phone, not sent yet (offline): it is sent when there is a connection. */
    SAVED,

    /** At the city, not decided yet. */
    SUBMITTED,

    /** The fee is to be paid: [LibraryState.canPay]. */
    PAYMENT_PENDING,

    /** "Bitte Ausweis beim ersten Besuch mitbringen": the desk activates the card. */
    READY_FOR_ID_CHECK,

    /** The card works: the card screen shows it. */
    ACTIVE,

    /** Refused ([LibraryState.statusDetail]); [LibraryStateHolder.orderAgain] starts a new order. */
    REJECTED,

    /** Nothing on the phone and the city could not be asked: [LibraryState.error]. */
    ERROR
}

/** A registration as the status screen shows it. */
data class RegistrationRow(
    val id: String,
    val state: RegistrationState,
    val cardTypeName: String,
    /** The city's fee ("12,50 €", "kostenlos"); null until the city said it. */
    val fee: String?,
    val branchName: String?,
    val flags: List<String>,
    val cardNumber: String?
)

/** A one-time instruction to the shell. */
sealed interface LibraryEffect {
    /**
     * Paying started ([de.leipzig.nahbeimir.core.LibraryService.pay]): show the pay screen of
     * [subject] — it finds the payment just started — and open [pageUrl] in the system
     * browser when there is one (none when it was paid before or is not sent yet).
     */
    data class Pay(val subject: PaymentSubject, val pageUrl: String?) : LibraryEffect
}

/** What the library screens (card types, order form, status) show. */
data class LibraryState(
    val phase: LibraryPhase,
    /** The card types with the city's fees; the chosen one [CardTypeRow.selected]. */
    val cardTypes: List<CardTypeRow> = emptyList(),
    val branches: List<BranchRow> = emptyList(),
    val form: OrderForm = OrderForm(),
    /** The chosen card type asks for a Leipzig-Pass number. */
    val needsLeipzigPass: Boolean = false,
    /** The applicant is under 18: a parent must agree. */
    val needsGuardian: Boolean = false,
    /** The chosen card is for two adults. */
    val needsPartner: Boolean = false,
    /** The field the city's rules refused, with what the citizen reads about it. */
    val invalidField: OrderField? = null,
    val invalidText: String? = null,
    /** The current registration (newest). */
    val registration: RegistrationRow? = null,
    /** "Gebühr offen", "Bitte Ausweis beim ersten Besuch mitbringen", … */
    val statusText: String? = null,
    val statusDetail: String? = null,
    val canPay: Boolean = false,
    val paying: Boolean = false,
    /** Why the payment service refused paying (nothing was charged). */
    val payRefusal: String? = null,
    val refreshing: Boolean = false,
    /** Not logged in: the order needs the profile. */
    val loginNeeded: Boolean = false,
    val error: ErrorKind? = null
) {
    /** "Beantragen" is enabled. */
    val canSubmit: Boolean get() = phase == LibraryPhase.ORDER && form.cardType.isNotEmpty() &&
        form.branchId.isNotEmpty()
}

/**
 * State holder of ordering a library card: the card types with the fees the city says
 * (never the app's own), an order prefilled from the profile ([LibraryService.draft]) with a card
 * type suggested for the age and a Leipzig-Pass, [submit] checked by the core with the
 * city's rules (the field refused and why, nothing saved), then the registration's state:
 * the fee to pay ([pay] hands over to the payments flow through [effects]), ready for the ID
 * check at the first visit, active, refused. The listener brings every change; [refresh]
 * asks the city.
 */
class LibraryStateHolder(
    private val library: LibraryService,
    private val scope: CoroutineScope,
    private val formats: StateFlow<Formats>,
    private val io: CoroutineDispatcher = Dispatchers.IO,
    private val today: () -> LocalDate = { LocalDate.now(LEIPZIG) }
) {
    private data class Raw(
        val loaded: Boolean = false,
        val types: List<CardType> = emptyList(),
        val branches: List<LibraryBranch> = emptyList(),
        val registrations: List<LibraryRegistration> = emptyList(),
        val form: OrderForm? = null,
        val ordering: Boolean = false,
        val saving: Boolean = false,
        val field: OrderField? = null,
        val code: String? = null,
        val paying: Boolean = false,
        val refusalCode: String? = null,
        val refreshing: Boolean = false,
        val loginNeeded: Boolean = false,
        val error: ErrorKind? = null
    )

    private val raw = MutableStateFlow(Raw())
    private val effectChannel = Channel<LibraryEffect>(Channel.BUFFERED)

    /** The screens' state. */
    val state: StateFlow<LibraryState> = combine(raw, formats) { r, f -> render(r, f) }
        .stateIn(scope, SharingStarted.Eagerly, LibraryState(LibraryPhase.LOADING))

    /** One-time instructions (pay), each delivered once. */
    val effects: Flow<LibraryEffect> = effectChannel.receiveAsFlow()

    init {
        scope.launch {
            readPhone()
            raw.update { it.copy(loaded = true) }
            refresh()
        }
        scope.launch {
            library.changes().flowOn(io).collect { list -> raw.update { it.copy(registrations = list) } }
        }
    }

    private suspend fun readPhone() {
        try {
            val (types, branches, list) = withContext(io) {
                Triple(library.cardTypes(), library.branches(), library.registrations())
            }
            raw.update { it.copy(types = types, branches = branches, registrations = list) }
        } catch (e: ApiException) {
            raw.update { it.copy(error = ErrorKind.of(e)) }
        }
        prefill()
    }

    /** The form from the profile, once (and after a login). */
    private suspend fun prefill() {
        if (raw.value.form != null) return
        try {
            val draft = withContext(io) { library.draft() }
            val form = OrderForm.of(draft, formats.value.language)
            raw.update { r -> r.copy(form = form.copy(cardType = suggest(form, r.types)), loginNeeded = false) }
        } catch (e: ApiException.Unauthorized) {
            raw.update { it.copy(loginNeeded = true) }
        } catch (e: ApiException) {
            raw.update { it.copy(loginNeeded = true) }
        }
    }

    /** YOUTH under 19, REDUCED with a Leipzig-Pass, else what the core drafted. */
    private fun suggest(form: OrderForm, types: List<CardType>): String {
        val ids = types.map { it.id }.toSet()
        val age = form.age(today())
        val youth = types.firstOrNull { it.maxAge != null && it.persons == 1u }?.takeIf { t ->
            age != null && age <= (t.maxAge?.toInt() ?: 0)
        }
        return when {
            youth != null -> youth.id
            form.leipzigPass.isNotBlank() && "REDUCED" in ids -> "REDUCED"
            else -> form.cardType
        }
    }

    /**
     * Fetches the card types (the city's fees) and the branches, and asks the city about the
     * registrations; offline the phone's copy stays ([LibraryState.error] says so).
     */
    fun refresh() {
        if (raw.value.refreshing) return
        raw.update { it.copy(refreshing = true, error = null) }
        scope.launch {
            try {
                val types = withContext(io) { library.refreshCatalog() }
                val branches = withContext(io) { library.branches() }
                raw.update { r ->
                    val form = r.form?.let { f -> if (f.cardType in types.map { it.id }) f else f.copy(cardType = "") }
                    r.copy(types = types, branches = branches, form = form)
                }
                if (raw.value.form == null) prefill()
                raw.value.form?.let { f ->
                    if (f.cardType.isEmpty() || f.cardType == "ADULT") {
                        raw.update { it.copy(form = f.copy(cardType = suggest(f, types))) }
                    }
                }
                val list = withContext(io) { library.refresh() }
                raw.update { it.copy(registrations = list) }
            } catch (e: ApiException) {
                raw.update { it.copy(error = ErrorKind.of(e)) }
            } finally {
                raw.update { it.copy(refreshing = false) }
            }
        }
    }

    /** After a login: the form from the new profile. */
    fun reload() {
        raw.update { it.copy(form = null) }
        refresh()
    }

    /** Chooses a card type. */
    fun selectCardType(id: String) = edit { copy(cardType = id) }

    /** Chooses the pickup branch. */
    fun selectBranch(id: String) = edit { copy(branchId = id) }

    /** Any change to the form as typed, e.g. `update { copy(email = it) }`. */
    fun update(change: OrderForm.() -> OrderForm) = edit(change)

    private fun edit(change: OrderForm.() -> OrderForm) {
        raw.update { r -> r.form?.let { r.copy(form = it.change(), field = null, code = null) } ?: r }
    }

    /** After a refusal by the city: a new order with what was entered. */
    fun orderAgain() {
        raw.update { it.copy(ordering = true, field = null, code = null) }
    }

    /** Sends the order: the core checks the city's rules (nothing saved when they fail), then saves and sends it. */
    fun submit() {
        val r = raw.value
        val form = r.form ?: return
        if (r.saving) return
        val type = r.types.firstOrNull { it.id == form.cardType }
        val minor = (form.age(today()) ?: 99) < 18
        val order = form.toOrder(type?.toRow(formats.value, true), minor)
        raw.update { it.copy(saving = true, field = null, code = null, error = null) }
        scope.launch {
            try {
                val saved = withContext(io) { library.order(order) }
                raw.update { s ->
                    s.copy(
                        ordering = false,
                        registrations =
                            listOf(saved) + s.registrations.filter { it.id != saved.id }
                    )
                }
            } catch (e: ApiException.Validation) {
                raw.update { it.copy(field = OrderField.ofCore(e.field), code = codeOf(e.reason)) }
            } catch (e: ApiException) {
                raw.update { it.copy(error = ErrorKind.of(e)) }
            } finally {
                raw.update { it.copy(saving = false) }
            }
        }
    }

    /**
     * "Bezahlen": the core starts the payment of the registration's fee (the payments
     * service); then [effects] asks the shell to show the pay screen (and the payment page).
     */
    fun pay() {
        val r = raw.value
        val registration = r.registrations.firstOrNull() ?: return
        if (r.paying || !registration.paymentDue) return
        raw.update { it.copy(paying = true, refusalCode = null, error = null) }
        scope.launch {
            try {
                val started = withContext(io) { library.pay(registration.id) }
                val page = started.paypageUrl.takeIf { !started.alreadyPaid }
                effectChannel.send(LibraryEffect.Pay(started.payment.subject, page))
            } catch (e: ApiException.PaymentRefused) {
                raw.update { it.copy(refusalCode = e.code) }
            } catch (e: ApiException) {
                raw.update { it.copy(error = ErrorKind.of(e)) }
            } finally {
                raw.update { it.copy(paying = false) }
            }
        }
    }

    /** The error was shown. */
    fun dismissError() {
        raw.update { it.copy(error = null, refusalCode = null) }
    }

    /** The city's code in a refusal's reason (`invalid guardian: MINOR_WITHOUT_GUARDIAN: …`). */
    private fun codeOf(reason: String): String? = CODE.find(reason)?.groupValues?.get(1)

    private fun phaseOf(r: Raw, current: LibraryRegistration?): LibraryPhase = when {
        r.saving -> LibraryPhase.SAVING

        current == null || r.ordering -> if (!r.loaded) {
            LibraryPhase.LOADING
        } else if (r.types.isEmpty() && r.error != null && !r.refreshing) {
            LibraryPhase.ERROR
        } else if (r.types.isEmpty()) {
            LibraryPhase.LOADING
        } else {
            LibraryPhase.ORDER
        }

        else -> when (current.state) {
            RegistrationState.SAVED -> LibraryPhase.SAVED
            RegistrationState.SUBMITTED -> LibraryPhase.SUBMITTED
            RegistrationState.PAYMENT_PENDING -> LibraryPhase.PAYMENT_PENDING
            RegistrationState.READY_FOR_ID_CHECK -> LibraryPhase.READY_FOR_ID_CHECK
            RegistrationState.ACTIVE -> LibraryPhase.ACTIVE
            RegistrationState.REJECTED -> LibraryPhase.REJECTED
        }
    }

    private fun render(r: Raw, f: Formats): LibraryState {
        val texts = LibraryTexts(f.language)
        val current = r.registrations.firstOrNull()
        val phase = phaseOf(r, current)
        val form = r.form ?: OrderForm()
        val types = r.types.map { it.toRow(f, it.id == form.cardType) }
        val chosen = types.firstOrNull { it.selected }
        val branchName = current?.let { c -> r.branches.firstOrNull { it.id == c.branchId }?.name }
        val row = current?.let { c ->
            RegistrationRow(
                id = c.id,
                state = c.state,
                cardTypeName = r.types.firstOrNull { it.id == c.cardType }?.name ?: c.cardType,
                fee = c.feeCents?.let { if (it == 0L) texts.free else f.amount(it) },
                branchName = branchName ?: c.card?.branchName,
                flags = c.flags.mapNotNull(texts::flag),
                cardNumber = c.card?.cardNumber
            )
        }
        val showsStatus = phase != LibraryPhase.ORDER && phase != LibraryPhase.LOADING && phase != LibraryPhase.ERROR
        return LibraryState(
            phase = phase,
            cardTypes = types,
            branches = r.branches.filter { it.pickup }.map { it.toRow(it.id == form.branchId) },
            form = form,
            needsLeipzigPass = chosen?.requiresLeipzigPass == true,
            needsGuardian = (form.age(today()) ?: 99) < 18 || r.field == OrderField.GUARDIAN,
            needsPartner = (chosen?.persons ?: 1) > 1,
            invalidField = r.field,
            invalidText = r.field?.let { texts.fieldError(it, r.code) },
            registration = row,
            statusText = if (showsStatus && phase != LibraryPhase.SAVING) texts.status(phase) else null,
            statusDetail = if (showsStatus) {
                texts.statusDetail(
                    phase,
                    row?.branchName,
                    current?.rejectionReason
                )
            } else {
                null
            },
            canPay = phase == LibraryPhase.PAYMENT_PENDING && current?.paymentDue == true,
            paying = r.paying,
            payRefusal = r.refusalCode?.let { PaymentTexts(f.language).refusal(it) },
            refreshing = r.refreshing,
            loginNeeded = r.loginNeeded,
            error = r.error
        )
    }

    private companion object {
        val CODE = Regex("""\b([A-Z][A-Z0-9_]{2,}):""")
    }
}
