// View models of the library screens: ordering (card types, form, status) and the card.
package de.leipzig.nahbeimir.app.ui.library

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.presentation.library.LibraryCardState
import de.leipzig.nahbeimir.presentation.library.LibraryCardStateHolder
import de.leipzig.nahbeimir.presentation.library.LibraryEffect
import de.leipzig.nahbeimir.presentation.library.LibraryState
import de.leipzig.nahbeimir.presentation.library.LibraryStateHolder
import de.leipzig.nahbeimir.presentation.library.OrderForm
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.StateFlow

/**
 * Keeps a [LibraryStateHolder], shared by the card types, the order form and the status
 * (the library graph's entry owns it); forwards its intents.
 */
class LibraryViewModel(container: AppContainer) : ViewModel() {
    private val holder = LibraryStateHolder(container.library, viewModelScope, container.languageSetting.formats)

    /** The screens' state. */
    val state: StateFlow<LibraryState> = holder.state

    /** Pay: delivered once. */
    val effects: Flow<LibraryEffect> = holder.effects

    /** Pull-to-refresh, the refresh button, "try again". */
    fun refresh() = holder.refresh()

    /** After a login: the form from the profile. */
    fun reload() = holder.reload()

    fun selectCardType(id: String) = holder.selectCardType(id)

    fun selectBranch(id: String) = holder.selectBranch(id)

    fun update(change: OrderForm.() -> OrderForm) = holder.update(change)

    fun submit() = holder.submit()

    /** "Bezahlen": the payment is started, then the pay screen shows it. */
    fun pay() = holder.pay()

    /** A new order after a refusal. */
    fun orderAgain() = holder.orderAgain()

    /** The error was shown. */
    fun dismissError() = holder.dismissError()
}

/** Keeps a [LibraryCardStateHolder]: the card from the phone, also without reception. */
class LibraryCardViewModel(container: AppContainer) : ViewModel() {
    private val holder = LibraryCardStateHolder(container.library, viewModelScope, container.languageSetting.formats)

    /** The screen's state. */
    val state: StateFlow<LibraryCardState> = holder.state
}
