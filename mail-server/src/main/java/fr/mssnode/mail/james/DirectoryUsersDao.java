package fr.mssnode.mail.james;

import java.util.Iterator;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.apache.james.user.lib.UsersDAO;

import fr.mssnode.directory.Account;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.Passwords;

/**
 * James's users are the directory's open accounts: one source of truth for who may log in.
 * Accounts are created and changed through the node's admin commands, never through James.
 */
public class DirectoryUsersDao implements UsersDAO {
    private final Directory directory;

    public DirectoryUsersDao(Directory directory) {
        this.directory = directory;
    }

    @Override
    public boolean getDefaultVirtualHostingValue() {
        return true;
    }

    @Override
    public Optional<? extends User> getUserByName(Username name) {
        return directory.findAccount(name.asString()).filter(Account::active).map(AccountUser::new);
    }

    @Override
    public boolean contains(Username name) {
        return getUserByName(name).isPresent();
    }

    @Override
    public int countUsers() {
        return (int) directory.listAccounts().stream().filter(Account::active).count();
    }

    @Override
    public Iterator<Username> list() {
        return directory.listAccounts().stream()
            .filter(Account::active)
            .map(account -> Username.of(account.address()))
            .iterator();
    }

    @Override
    public void updateUser(User user) throws UsersRepositoryException {
        throw readOnly();
    }

    @Override
    public void removeUser(Username name) throws UsersRepositoryException {
        throw readOnly();
    }

    @Override
    public void addUser(Username username, String password) throws UsersRepositoryException {
        throw readOnly();
    }

    private static UsersRepositoryException readOnly() {
        return new UsersRepositoryException("Accounts are managed with the node's 'account' admin commands.");
    }

    private record AccountUser(Account account) implements User {
        @Override
        public Username getUserName() {
            return Username.of(account.address());
        }

        @Override
        public boolean verifyPassword(String pass) {
            return account.acceptsPassword() && Passwords.verify(pass, account.passwordHash());
        }

        @Override
        public boolean setPassword(String newPass) {
            return false;
        }
    }
}
