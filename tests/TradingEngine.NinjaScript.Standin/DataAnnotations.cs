// .NET Framework 4.8 has System.ComponentModel.DataAnnotations (NinjaScript properties use [Display] and [Range] from it:
// https://ninjatrader.com/support/helpGuides/nt8/en-us/ninjascriptproperty.htm); netstandard2.0 has not, so the
// netstandard2.0 build of the stand-in declares the two attributes with .NET Framework's signatures. The net48 build
// references the real assembly (see the csproj).
#if NETSTANDARD2_0
using System;

namespace System.ComponentModel.DataAnnotations
{
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.Method)]
    public sealed class DisplayAttribute : Attribute
    {
        public string Name { get; set; }
        public string Description { get; set; }
        public string GroupName { get; set; }
        public int Order { get; set; }
    }

    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
    public class RangeAttribute : Attribute
    {
        public RangeAttribute(int minimum, int maximum)
        {
            Minimum = minimum;
            Maximum = maximum;
        }

        public object Minimum { get; }
        public object Maximum { get; }
    }
}
#endif
