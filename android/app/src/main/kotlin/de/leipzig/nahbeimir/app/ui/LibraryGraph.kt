// The library feature's destinations: card types and status, the order form, the card.
package de.leipzig.nahbeimir.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.lifecycle.viewmodel.compose.viewModel
import androidx.navigation.NavBackStackEntry
import androidx.navigation.NavGraphBuilder
import androidx.navigation.NavHostController
import androidx.navigation.compose.composable
import androidx.navigation.compose.navigation
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.app.platform.PaymentPages
import de.leipzig.nahbeimir.app.ui.library.LibraryCardScreen
import de.leipzig.nahbeimir.app.ui.library.LibraryCardViewModel
import de.leipzig.nahbeimir.app.ui.library.LibraryOrderScreen
import de.leipzig.nahbeimir.app.ui.library.LibraryScreen
import de.leipzig.nahbeimir.app.ui.library.LibraryViewModel

/**
 * The library card: the entry (card types, or where the order stands; paying leads into the
 * payments graph) and the order form share one view model owned by the graph's entry; the
 * card screen reads the phone only.
 */
internal fun NavGraphBuilder.libraryGraph(
    container: AppContainer,
    pages: PaymentPages,
    navController: NavHostController,
    go: (String) -> Unit,
    back: () -> Unit
) = navigation(startDestination = Routes.LIBRARY, route = Routes.LIBRARY_GRAPH) {
    composable(Routes.LIBRARY) { entry ->
        LibraryScreen(
            viewModel = navController.libraryViewModel(entry, container),
            pages = pages,
            onOrder = { go(Routes.LIBRARY_ORDER) },
            onCard = { go(Routes.LIBRARY_CARD) },
            onPay = { subject -> go(Routes.pay(subject)) },
            onLogin = { go(Routes.ACCOUNT) },
            onBack = back
        )
    }
    composable(Routes.LIBRARY_ORDER) { entry ->
        LibraryOrderScreen(
            viewModel = navController.libraryViewModel(entry, container),
            onDone = { navController.popBackStack(Routes.LIBRARY, inclusive = false) },
            onBack = back
        )
    }
    composable(Routes.LIBRARY_CARD) {
        LibraryCardScreen(viewModel = viewModel { LibraryCardViewModel(container) }, onBack = back)
    }
}

@Composable
private fun NavHostController.libraryViewModel(entry: NavBackStackEntry, container: AppContainer): LibraryViewModel {
    val owner = remember(entry) { getBackStackEntry(Routes.LIBRARY_GRAPH) }
    return viewModel(owner) { LibraryViewModel(container) }
}
