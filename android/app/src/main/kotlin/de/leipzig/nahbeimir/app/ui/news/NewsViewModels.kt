package de.leipzig.nahbeimir.app.ui.news

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.presentation.news.NewsDetailState
import de.leipzig.nahbeimir.presentation.news.NewsDetailStateHolder
import de.leipzig.nahbeimir.presentation.news.NewsListState
import de.leipzig.nahbeimir.presentation.news.NewsListStateHolder
import kotlinx.coroutines.flow.StateFlow

/** Keeps a [NewsListStateHolder] across configuration changes; forwards its intents. */
class NewsListViewModel(container: AppContainer) : ViewModel() {
    private val holder = NewsListStateHolder(container.news, viewModelScope, container.languageSetting.formats)

    /** The list's state. */
    val state: StateFlow<NewsListState> = holder.state

    /** Pull-to-refresh, the refresh action and "try again". */
    fun refresh() = holder.refresh()

    /** The citizen opened item [id]. */
    fun markRead(id: Long) = holder.markRead(id)
}

/** Keeps a [NewsDetailStateHolder] for item [id] across configuration changes. */
class NewsDetailViewModel(container: AppContainer, id: Long) : ViewModel() {
    private val holder = NewsDetailStateHolder(container.news, id, viewModelScope, container.languageSetting.formats)

    /** The detail's state. */
    val state: StateFlow<NewsDetailState> = holder.state
}
