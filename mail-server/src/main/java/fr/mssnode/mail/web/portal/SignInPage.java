package fr.mssnode.mail.web.portal;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.mail.web.security.AccountAuthentication;

/** The sign-in page of the web space, and the way in to each account's own space. */
@Controller
public class SignInPage {
    private static final Map<String, String> REFUSALS = Map.of(
        "mot-de-passe", "Adresse ou mot de passe incorrect, ou compte fermé.",
        "attente", "Trop d'échecs de connexion depuis votre adresse : attendez %s secondes avant de réessayer.",
        "verrou", "Trop d'échecs de connexion : ce compte est verrouillé depuis votre adresse pour %s secondes."
            + " Votre administrateur peut le déverrouiller.",
        "certificat", "Cette boîte applicative se connecte avec son certificat uniquement : le mot de passe n'est pas accepté.");

    @GetMapping("/")
    public String home() {
        return "redirect:/espace";
    }

    @GetMapping("/login")
    public String signIn(@RequestParam Map<String, String> parameters, Model model) {
        String refusal = REFUSALS.get(parameters.getOrDefault("erreur", ""));
        if (refusal != null) {
            String seconds = parameters.getOrDefault("secondes", "").replaceAll("\\D", "");
            model.addAttribute("erreur", refusal.formatted(seconds.isEmpty() ? "quelques" : seconds));
        }
        if (parameters.containsKey("expiree")) {
            model.addAttribute("info", "Votre session a expiré après une période d'inactivité (15 minutes pour les"
                + " professionnels, 30 pour les patients) : connectez-vous de nouveau.");
        } else if (parameters.containsKey("deconnecte")) {
            model.addAttribute("info", "Vous êtes déconnecté(e).");
        }
        return "connexion";
    }

    @GetMapping("/espace")
    public String space(Authentication signedIn, HttpServletRequest request) {
        boolean patient = signedIn instanceof AccountAuthentication account && account.account().kind() == AccountKind.PATIENT;
        return patient ? "redirect:/espace/patient" : "redirect:/espace/pro";
    }
}
