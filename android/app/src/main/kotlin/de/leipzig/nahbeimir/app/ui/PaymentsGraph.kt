// The payments feature's destinations: what I owe, paying one fee, my payments and receipts.
package de.leipzig.nahbeimir.app.ui

import androidx.lifecycle.createSavedStateHandle
import androidx.lifecycle.viewmodel.compose.viewModel
import androidx.navigation.NavGraphBuilder
import androidx.navigation.NavHostController
import androidx.navigation.NavType
import androidx.navigation.compose.composable
import androidx.navigation.navArgument
import de.leipzig.nahbeimir.app.AppContainer
import de.leipzig.nahbeimir.app.platform.PaymentPages
import de.leipzig.nahbeimir.app.ui.payments.FeesScreen
import de.leipzig.nahbeimir.app.ui.payments.FeesViewModel
import de.leipzig.nahbeimir.app.ui.payments.PayScreen
import de.leipzig.nahbeimir.app.ui.payments.PayViewModel
import de.leipzig.nahbeimir.app.ui.payments.PaymentsScreen
import de.leipzig.nahbeimir.app.ui.payments.PaymentsViewModel

/** Fees and notices, paying one, my payments and receipts. */
internal fun NavGraphBuilder.paymentsGraph(
    container: AppContainer,
    pages: PaymentPages,
    navController: NavHostController,
    go: (String) -> Unit,
    back: () -> Unit
) {
    val history = { go(Routes.PAYMENTS_HISTORY) }
    // After paying, back to the fee list (or home, when the app was opened by the return link).
    val done: () -> Unit = { if (!navController.popBackStack(Routes.PAYMENTS, inclusive = false)) back() }
    composable(Routes.PAYMENTS) {
        FeesScreen(
            viewModel = viewModel { FeesViewModel(container) },
            onPay = { row -> go(Routes.pay(row.subject)) },
            onHistory = history,
            onLogin = { go(Routes.ACCOUNT) },
            onBack = back
        )
    }
    composable(
        Routes.PAY,
        arguments = listOf(
            navArgument(Routes.PAY_KIND_ARG) { type = NavType.StringType },
            navArgument(Routes.PAY_ID_ARG) { type = NavType.StringType }
        )
    ) {
        PayScreen(
            viewModel = viewModel {
                val args = createSavedStateHandle()
                val subject = Routes.paySubject(
                    args.get<String>(Routes.PAY_KIND_ARG),
                    args.get<String>(Routes.PAY_ID_ARG)
                )
                PayViewModel(container, checkNotNull(subject))
            },
            pages = pages,
            onHistory = history,
            onDone = done
        )
    }
    composable(Routes.PAY_RETURN) {
        PayScreen(
            viewModel = viewModel { PayViewModel(container, null) },
            pages = pages,
            onHistory = history,
            onDone = done
        )
    }
    composable(Routes.PAYMENTS_HISTORY) {
        PaymentsScreen(viewModel = viewModel { PaymentsViewModel(container) }, onBack = back)
    }
}
