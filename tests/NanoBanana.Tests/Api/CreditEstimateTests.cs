using NanoBanana.Api;

namespace NanoBanana.Tests.Api;

public class CreditEstimateTests
{
    private static readonly NbModel[] Catalog =
    [
        new() { Name = "gemini-2.5-flash-image", CreditsCost = 1 },
        new() { Name = "nanobanan2&pro", CreditsCost = 3 },
    ];

    [Theory]
    [InlineData(null, 0, 1)]
    [InlineData("nano-banana", 1, 1)]
    [InlineData("gemini-2.5-flash-image", 3, 3)]
    [InlineData("NANOBANAN2&PRO", 0, 3)]
    [InlineData("nanobanan2&pro", 2, 4)]
    public void Costs_the_model_plus_one_per_reference_image_beyond_the_first(string? model, int references, int credits)
    {
        Assert.Equal(credits, CreditEstimate.For(Catalog, model, references).Credits);
    }

    [Fact]
    public void Explains_the_sum()
    {
        Assert.Equal("4 credits: 3 for nanobanan2&pro + 1 for the extra reference image", CreditEstimate.For(Catalog, "nanobanan2&pro", 2).Explanation);
        Assert.Equal("1 credit for gemini-2.5-flash-image", CreditEstimate.For(Catalog, null, 0).Explanation);
    }

    [Fact]
    public void Is_unknown_without_a_catalog_or_for_a_model_not_in_it()
    {
        Assert.Null(CreditEstimate.For(null, null, 0).Credits);
        var unknown = CreditEstimate.For(Catalog, "no-such-model", 0);
        Assert.Null(unknown.Credits);
        Assert.Contains("no-such-model", unknown.Explanation, StringComparison.Ordinal);
    }
}

public class CreditBudgetTests
{
    [Fact]
    public void Refuses_what_would_pass_the_limit_counting_what_is_in_flight()
    {
        var budget = new CreditBudget(5);

        Assert.True(budget.TryReserve(2));
        Assert.True(budget.TryReserve(3));
        Assert.False(budget.TryReserve(1));
        budget.Settle(2, charged: 0);
        Assert.True(budget.TryReserve(1));
    }

    [Fact]
    public void Counts_what_the_service_charged_or_the_estimate_when_unknown()
    {
        var budget = new CreditBudget(10);
        budget.TryReserve(1);
        budget.Settle(1, charged: 3);
        budget.TryReserve(2);
        budget.Settle(2, charged: null);
        budget.TryReserve(1);
        budget.Settle(1, charged: 0);

        Assert.Equal(5, budget.Spent);
        Assert.Equal(2, budget.Generations);
        Assert.False(budget.TryReserve(6));
        Assert.True(budget.TryReserve(5));
    }

    [Fact]
    public void Has_no_limit_without_one()
    {
        var budget = new CreditBudget(null);

        Assert.True(budget.TryReserve(int.MaxValue / 2));
    }
}
