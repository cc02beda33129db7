package de.leipzig.nahbeimir.app.ui.home

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.presentation.home.HomeState
import de.leipzig.nahbeimir.presentation.home.HomeStateHolder
import kotlinx.coroutines.flow.StateFlow

/** Keeps a [HomeStateHolder] across configuration changes; it also says who is logged in. */
class HomeViewModel(container: AppContainer) : ViewModel() {
    private val holder = HomeStateHolder(
        container.news,
        viewModelScope,
        container.languageSetting.formats,
        account = container.account
    )

    /** The home screen's state. */
    val state: StateFlow<HomeState> = holder.state
}
