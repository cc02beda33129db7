// The Android shell of "Leipzig nah bei mir": the app plus two library modules that
// compile Kotlin living elsewhere in the repository (see core/ and presentation/).
pluginManagement {
    repositories {
        google {
            content {
                includeGroupByRegex("com\\.android.*")
                includeGroupByRegex("com\\.google.*")
                includeGroupByRegex("androidx.*")
            }
        }
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
        // The Kotlin half of rustls-platform-verifier (the core's TLS verifier) is published
        // only as a Maven layout in the upstream Git repository (crate README, "Gradle Setup").
        // Restricted to its group so nothing else can ever resolve from there.
        maven("https://github.com/rustls/rustls-platform-verifier/raw/maven-archive/android-release-support/maven/") {
            content { includeGroup("org.rustls") }
        }
    }
}

rootProject.name = "LeipzigNahBeiMir"
include(":app", ":core", ":presentation")
