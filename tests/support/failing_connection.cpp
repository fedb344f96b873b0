#include "tests/support/failing_connection.h"

#include <string>

namespace fbk::test {

namespace sql = sync::hub::sql;

bool FaultPlan::fail_now() {
    if (!armed) {
        return false;
    }
    const long n = ++calls;
    if (fail_at != 0 && n == fail_at) {
        fired = true;
        return true;
    }
    return false;
}

namespace {

void maybe_fail(FaultPlan& plan, const char* what) {
    if (plan.fail_now()) {
        throw sql::Error(std::string("injected failure of ") + what + " (call " +
                             std::to_string(plan.fail_at) + ")",
                         false, plan.transient);
    }
}

class FailingStatement final : public sql::StatementImpl {
  public:
    FailingStatement(sql::Statement real, std::shared_ptr<FaultPlan> plan)
        : real_(std::move(real)), plan_(std::move(plan)) {}
    void bind(int index, std::int64_t value) override { real_.bind(index, value); }
    void bind(int index, std::string_view text) override { real_.bind(index, text); }
    void bind_null(int index, sql::Type type) override {
        type == sql::Type::Integer ? real_.bind(index, std::optional<std::int64_t>())
                                   : real_.bind(index, std::optional<std::string>());
    }
    bool step() override {
        maybe_fail(*plan_, "step");
        return real_.step();
    }
    void reset() override { real_.reset(); }
    std::int64_t int64(int column) const override { return real_.int64(column); }
    std::string_view text_view(int column) const override { return real_.text_view(column); }
    bool is_null(int column) const override { return real_.is_null(column); }

  private:
    sql::Statement real_;
    std::shared_ptr<FaultPlan> plan_;
};

class FailingConnection final : public sql::Connection {
  public:
    FailingConnection(std::unique_ptr<sql::Connection> real, std::shared_ptr<FaultPlan> plan)
        : real_(std::move(real)), plan_(std::move(plan)) {}
    sql::Dialect dialect() const override { return real_->dialect(); }
    void exec(std::string_view text) override {
        if (text != "ROLLBACK") {
            maybe_fail(*plan_, text == "COMMIT" ? "COMMIT" : "exec");
        }
        real_->exec(text);
    }
    sql::Statement prepare(std::string_view text) override {
        maybe_fail(*plan_, "prepare");
        return sql::Statement(std::make_unique<FailingStatement>(real_->prepare(text), plan_));
    }
    void begin_write() override {
        maybe_fail(*plan_, "BEGIN");
        real_->begin_write();
    }
    bool healthy() const override { return real_->healthy(); }
    std::string utc_period(sql::Period period, std::string_view ms) const override {
        return real_->utc_period(period, ms);
    }
    std::size_t rows_per_insert(std::size_t remaining) const override {
        return real_->rows_per_insert(remaining);
    }

  private:
    std::unique_ptr<sql::Connection> real_;
    std::shared_ptr<FaultPlan> plan_;
};

}  // namespace

std::unique_ptr<sql::Connection> failing_connection(std::unique_ptr<sql::Connection> real,
                                                    std::shared_ptr<FaultPlan> plan) {
    return std::make_unique<FailingConnection>(std::move(real), std::move(plan));
}

sync::hub::StoreLocation failing_store_location(const std::filesystem::path& dir,
                                                std::shared_ptr<FaultPlan> plan) {
    sync::hub::StoreLocation location{dir, {}};
    location.wrap_connection = [plan](std::unique_ptr<sync::hub::sql::Connection> db) {
        return failing_connection(std::move(db), plan);
    };
    return location;
}

}  // namespace fbk::test
